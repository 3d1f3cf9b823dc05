// astra-clear operator dashboard: plain JavaScript, no framework, no build step.
// Reads the node's /api/v1 (the hub's committed state) with a bearer token kept in sessionStorage
// (gone when the tab closes) and follows /api/v1/events over a WebSocket: events come from committed
// blocks, gapless, and the page resumes after the last event id it saw.
'use strict';

const TOKEN_KEY = 'astra.token';
const MAX_TRANSFERS = 200;
const HEALTH_POLL_MILLIS = 10000;
const HUB_POLL_MILLIS = 2000; // the solo engine commits an (empty) block every block time: the app hash moves without events
const REFRESH_DEBOUNCE_MILLIS = 300;
const RECONNECT_MAX_MILLIS = 15000;
const STATES = ['OBSERVED', 'CONFIRMED', 'EXECUTED', 'STUCK'];

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  banks: [],
  transfers: new Map(), // transferId -> {transferId, sourceBank, destinationBank, amount, status, batchId, sourceTx, destinationTx}
  selected: null, // the transferId whose detail is shown
  lastEventId: -1,
  socket: null,
  reconnectMillis: 1000,
  reconnectTimer: null,
  refreshTimer: null,
  transfersTimer: null,
  hubTimer: null,
  healthTimer: null,
  references: new Map(), // "debtor>creditor>amount" -> payment reference being typed, kept across refreshes
  settlementsShown: '', // the instructions the settlement table shows, as JSON
  blocked: false, // true after the node rejected the token: stop calling until the operator signs in again
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'title' || key === 'colspan' || key === 'scope') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function shortHex(hex) {
  return hex && hex.length > 14 ? hex.slice(0, 8) + '…' + hex.slice(-4) : (hex || '');
}

function hexCell(hex) {
  return hex ? el('span', { class: 'mono', title: hex }, shortHex(hex)) : el('span', { class: 'muted' }, '—');
}

// Amounts are uint256 decimal strings: BigInt, never Number.
function big(text) {
  try { return BigInt(text || '0'); } catch (e) { return 0n; }
}

// ---- status line --------------------------------------------------------------------------------

function setConnection(kind, text) {
  const badge = $('connection');
  badge.dataset.state = kind;
  badge.textContent = text;
}

function showAlert(kind, text) {
  const alert = $('alert');
  alert.dataset.kind = kind;
  alert.textContent = text;
  alert.hidden = false;
}

function clearAlert(kind) {
  // the browser knows best whether it is offline: keep saying so until it is back
  if (kind === 'offline' && !navigator.onLine) return;
  const alert = $('alert');
  if (!kind || alert.dataset.kind === kind) alert.hidden = true;
}

// ---- API ----------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  if (state.blocked) throw new ApiError(401, 'SIGNED_OUT', 'sign in first');
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + state.token }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    offline();
    throw new ApiError(0, 'OFFLINE', 'the node does not answer');
  }
  clearAlert('offline');
  const text = await response.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
  if (response.ok) {
    clearAlert('rate-limited');
    return json;
  }
  const error = json.error || {};
  const message = error.message || ('HTTP ' + response.status);
  if (response.status === 401) {
    tokenRejected('Token rejected (401): ' + message + '. Sign in with a valid API token.');
  } else if (response.status === 403) {
    showAlert('forbidden', 'Token rejected for this action (403 forbidden): ' + message);
  } else if (response.status === 429) {
    const wait = (error.details && error.details.retryAfterSeconds) || response.headers.get('retry-after') || '?';
    showAlert('rate-limited', 'Rate limited (429): too many requests; retrying in ' + wait + ' s.');
  }
  throw new ApiError(response.status, error.code || 'HTTP_' + response.status, message);
}

function offline() {
  setConnection('offline', 'Offline');
  showAlert('offline', 'Offline: the node does not answer. Retrying…');
}

// the token field is shown only while signed out
function showSignedIn(signedIn) {
  for (const id of ['token', 'token-label', 'sign-in-button']) $(id).hidden = signedIn;
  $('sign-out-button').hidden = !signedIn;
  $('dashboard').hidden = !signedIn;
  $('hub-info').hidden = !signedIn;
}

function tokenRejected(text) {
  state.blocked = true;
  closeSocket();
  stopTimers();
  setConnection('rejected', 'Token rejected');
  showAlert('token', text);
  showSignedIn(false);
  sessionStorage.removeItem(TOKEN_KEY);
}

// ---- sign-in ------------------------------------------------------------------------------------

async function signIn(token) {
  state.token = token.trim();
  state.blocked = false;
  clearAlert();
  setConnection('connecting', 'Checking token…');
  try {
    await api('GET', '/api/v1/banks');
  } catch (e) {
    if (e.status !== 401 && e.status !== 0) {
      showAlert('token', 'Sign-in failed (' + (e.status || 'offline') + '): ' + e.message);
      setConnection('rejected', 'Sign-in failed');
    }
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, state.token);
  showSignedIn(true);
  $('token').value = '';
  await loadAll();
  await loadTransfers();
  connectEvents();
  state.healthTimer = setInterval(loadHealth, HEALTH_POLL_MILLIS);
  state.hubTimer = setInterval(() => loadHub().catch(() => {}), HUB_POLL_MILLIS);
}

function signOut() {
  closeSocket();
  stopTimers();
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = '';
  state.blocked = true;
  state.transfers.clear();
  state.selected = null;
  state.settlementsShown = '';
  state.lastEventId = -1;
  showSignedIn(false);
  clearAlert();
  setConnection('signed-out', 'Signed out');
}

function stopTimers() {
  clearInterval(state.healthTimer);
  clearInterval(state.hubTimer);
  clearTimeout(state.refreshTimer);
  clearTimeout(state.transfersTimer);
  clearTimeout(state.reconnectTimer);
}

// ---- loading ------------------------------------------------------------------------------------

async function settle(promises) {
  // one failing panel must not blank the others; errors are already shown by api()
  await Promise.allSettled(promises);
}

function loadAll() {
  return settle([loadNode(), loadHub(), loadBanks(), loadValidators(), loadHealth(), loadPlugins(), loadLedger(), loadRounds(), loadSettlements()]);
}

// after events: the ledger, rounds and settlements of the new block (one reload for a burst of events)
function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => settle([loadHub(), loadLedger(), loadRounds(), loadSettlements()]), REFRESH_DEBOUNCE_MILLIS);
}

// a batch was cut: the listing says which transfers it holds
function scheduleTransfers() {
  clearTimeout(state.transfersTimer);
  state.transfersTimer = setTimeout(() => settle([loadTransfers()]), REFRESH_DEBOUNCE_MILLIS);
}

async function loadHub() {
  const hub = await api('GET', '/api/v1/hub');
  $('hub-height').textContent = String(hub.height);
  $('hub-height').title = hub.lastBlockTime ? 'last block at ' + hub.lastBlockTime : 'no block yet';
  $('hub-app-hash').textContent = shortHex(hub.appHash);
  $('hub-app-hash').title = hub.appHash; // the whole hash on hover: compare it with other validators' at the same height
  $('hub-app-hash').dataset.full = hub.appHash;
  $('hub-engine').textContent = hub.engine.name + ' ' + hub.engine.status + (hub.engine.waitingTransactions ? ' · ' + hub.engine.waitingTransactions + ' waiting' : '');
  $('hub-engine').dataset.state = hub.engine.status;
  $('hub-engine').title = hub.engine.problem || ('hub ' + hub.chainId);
  $('hub-summary').textContent = 'Hub ' + hub.chainId + ' at height ' + hub.height + '; ' + hub.validators.count + ' validator(s), threshold '
    + hub.validators.threshold + '; netting ' + hub.nettingStrategy.id + '@' + hub.nettingStrategy.version + '; last event #' + hub.lastEventId;
}

async function loadBanks() {
  const json = await api('GET', '/api/v1/banks');
  state.banks = json.items.map((bank) => bank.id).sort();
  const body = $('banks-table').tBodies[0];
  body.replaceChildren(...json.items.map((bank) => el('tr', {},
    el('th', { scope: 'row' }, bank.id), el('td', {}, bank.chainId), el('td', {}, bank.credToken),
    el('td', {}, hexCell(bank.gateway)), el('td', {}, bank.finalityDepth))));
  for (const id of ['filter-bank', 'dev-from', 'dev-to']) {
    const select = $(id);
    const keep = select.value;
    const options = state.banks.map((bank) => el('option', { value: bank }, bank));
    if (id === 'filter-bank') options.unshift(el('option', { value: '' }, 'all banks'));
    select.replaceChildren(...options);
    if (keep) select.value = keep;
  }
  if (!$('dev-to').dataset.touched && state.banks.length > 1) $('dev-to').value = state.banks[1];
}

async function loadNode() {
  const json = await api('GET', '/api/v1/node');
  $('node-info').textContent = '· ' + json.name + ' ' + json.version + (json.mode === 'dev' ? ' · dev mode' : '')
    + ' · ' + json.storage + ' storage';
  $('node-info').title = 'validator ' + json.validator + (json.validatorActive ? '' : ' (not in the active set)')
    + ', ' + json.consensus + ' consensus, up ' + json.uptimeSeconds + ' s';
  $('dev').hidden = json.mode !== 'dev'; // the dev transfer form only where the node offers dev transfers
}

async function loadValidators() {
  const json = await api('GET', '/api/v1/validators');
  $('validators-summary').textContent = json.count + ' validator(s); threshold ' + json.threshold + ' of ' + json.count
    + ' signatures (validator set nonce ' + json.nonce + ')';
  $('validators-list').replaceChildren(...json.validators.map((address) => el('li', {}, address)));
}

async function loadHealth() {
  let json;
  try {
    const response = await fetch('/health/ready', { cache: 'no-store' });
    json = await response.json();
    clearAlert('offline');
    if (navigator.onLine && state.socket && state.socket.readyState === WebSocket.OPEN) setConnection('live', 'Live');
  } catch (e) {
    offline();
    return;
  }
  $('health-status').textContent = json.status === 'UP' ? 'UP (ready)' : 'DOWN (not ready)';
  $('health-status').dataset.state = json.status;
  const storage = json.checks.storage;
  $('storage-status').textContent = storage.status + (storage.error ? ' — ' + storage.error : '');
  $('storage-status').dataset.state = storage.status;
  $('chains-table').tBodies[0].replaceChildren(...json.checks.chains.map((chain) => el('tr', {},
    el('th', { scope: 'row' }, chain.bank), el('td', {}, chain.chainId),
    el('td', { 'data-state': chain.status }, chain.status + (chain.reachable ? '' : ' (unreachable)')),
    el('td', {}, chain.headBlock), el('td', {}, chain.checkpointBlock), el('td', {}, chain.lagBlocks))));
  const consensus = json.checks.consensus;
  $('consensus-status').textContent = consensus.engine + ' ' + consensus.status + (consensus.problem ? ' — ' + consensus.problem : '');
  $('consensus-status').dataset.state = consensus.status;
}

async function loadPlugins() {
  const json = await api('GET', '/api/v1/plugins');
  $('plugins-table').tBodies[0].replaceChildren(...json.items.map((plugin) => el('tr', {},
    el('th', { scope: 'row' }, plugin.id, el('div', { class: 'small muted' }, plugin.jar)),
    el('td', {}, plugin.version),
    el('td', {}, plugin.extensions.map((x) => x.kind + ' ' + x.id + (x.active ? ' (active)' : '')).join(', ')),
    el('td', { 'data-state': plugin.active ? 'UP' : 'IDLE' }, plugin.active ? 'active' : 'loaded, not active'))));
}

async function loadTransfers() {
  const json = await api('GET', '/api/v1/transfers?limit=100');
  for (const item of json.items.slice().reverse()) {
    upsertTransfer(item.transferId, {
      sourceBank: item.sourceBank, destinationBank: item.destinationBank, amount: item.amount,
      status: item.status, batchId: item.batchId, sourceTx: item.sourceTransactionHash, destinationTx: item.destinationTransactionHash,
    });
  }
  renderTransfers();
}

function upsertTransfer(id, fields) {
  const existing = state.transfers.get(id) || { transferId: id, status: 'OBSERVED' };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    // a late OBSERVED must not overwrite EXECUTED: states only move forward
    if (key === 'status' && STATES.indexOf(value) < STATES.indexOf(existing.status) && existing.status !== 'STUCK') continue;
    existing[key] = value;
  }
  state.transfers.delete(id);
  state.transfers.set(id, existing); // newest last
  while (state.transfers.size > MAX_TRANSFERS) state.transfers.delete(state.transfers.keys().next().value);
}

function renderTransfers() {
  const bank = $('filter-bank').value;
  const wanted = $('filter-state').value;
  const rows = [];
  for (const t of Array.from(state.transfers.values()).reverse()) {
    if (bank && t.sourceBank !== bank && t.destinationBank !== bank) continue;
    if (wanted && t.status !== wanted) continue;
    const row = el('tr', { 'data-transfer-id': t.transferId, 'data-state': t.status, tabIndex: 0,
      'aria-selected': String(t.transferId === state.selected), title: 'show attestations, confirmation and batch' },
      el('td', {}, hexCell(t.transferId)),
      el('td', {}, (t.sourceBank || '?') + ' → ' + (t.destinationBank || '?')),
      el('td', { class: 'num' }, t.amount || ''),
      el('td', { class: 'state' }, el('span', { class: 'pill', 'data-state': t.status }, t.status)),
      el('td', { class: 'batch' }, t.batchId || el('span', { class: 'muted' }, '—')),
      el('td', {}, hexCell(t.sourceTx)),
      el('td', {}, hexCell(t.destinationTx)));
    row.addEventListener('click', () => showTransfer(t.transferId));
    row.addEventListener('keydown', (event) => { if (event.key === 'Enter') showTransfer(t.transferId); });
    rows.push(row);
  }
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '7', class: 'muted' }, 'No transfers yet.')));
  $('transfers-table').tBodies[0].replaceChildren(...rows);
  $('transfers-count').textContent = state.transfers.size + ' transfer(s) known';
}

// one transfer as the hub holds it: history, attestations, confirmation with its mint command, batch, mint
async function showTransfer(id) {
  state.selected = id;
  renderTransfers();
  let t;
  try {
    t = await api('GET', '/api/v1/transfers/' + encodeURIComponent(id));
  } catch (e) {
    return;
  }
  if (state.selected !== id) return;
  $('detail-id').textContent = shortHex(id);
  $('detail-id').title = id;
  $('detail-history').tBodies[0].replaceChildren(...t.history.map((h) => el('tr', {},
    el('td', {}, el('span', { class: 'pill', 'data-state': h.status }, h.status)), el('td', { class: 'num' }, h.height),
    el('td', {}, h.at), el('td', {}, h.reason || ''))));
  $('detail-attestations').tBodies[0].replaceChildren(...(t.attestations.length ? t.attestations.map((a) => el('tr', {},
    el('td', {}, hexCell(a.validator)), el('td', {}, hexCell(a.digest)), el('td', { class: 'num' }, a.height)))
    : [el('tr', {}, el('td', { colspan: '3', class: 'muted' }, 'No attestation counted.'))]));
  const facts = (pairs) => pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]);
  const c = t.confirmation;
  $('detail-confirmation').replaceChildren(...(c ? facts([
    ['Confirmed at height', c.height], ['ISSUE journal entry', '#' + c.journalEntry], ['Command', hexCell(c.command.commandId)],
    ['Executor', hexCell(c.command.executor)], ['Recipient', hexCell(c.command.recipient)],
    ['Mint', t.mint ? hexCell(t.mint.transactionHash) : 'not yet attested'], ['Minted at height', t.mint && t.mint.height],
    ['Refused mints', t.failedMints || ''], ['Equivocators', t.equivocators.length ? t.equivocators.join(', ') : ''],
  ]) : facts([['Status', t.status], ['Why', t.reason || 'waiting for a threshold of attestations']])));
  const b = t.batch;
  $('detail-batch').replaceChildren(...(b ? facts([
    ['Batch', b.batchId], ['Status', b.status], ['Size', b.size + ' mint(s)' + (b.scope ? ' (' + b.commands.length + ' of ' + b.scope + ')' : '')],
    ['Digest', hexCell(b.digest)], ['Signatures', b.signatures.length + ' (' + b.signatures.map((s) => shortHex(s.validator)).join(', ') + ')'],
    ['Cut at height', b.createdHeight], ['Done at height', b.doneHeight],
  ]) : facts([['Batch', 'none yet']])));
  $('transfer-detail').hidden = false;
}

function closeTransfer() {
  state.selected = null;
  $('transfer-detail').hidden = true;
  renderTransfers();
}

async function loadLedger() {
  const json = await api('GET', '/api/v1/ledger');
  const banks = state.banks.length ? state.banks : Array.from(new Set(json.balances.flatMap((b) => [b.issuer, b.holder]))).sort();
  const owed = new Map(json.balances.map((b) => [b.issuer + '>' + b.holder, b.amount]));
  const head = el('tr', {}, el('th', { scope: 'col' }, 'owes ↓ / to →'), ...banks.map((b) => el('th', { scope: 'col' }, b)));
  const rows = banks.map((debtor) => el('tr', {}, el('th', { scope: 'row' }, debtor), ...banks.map((creditor) => {
    if (debtor === creditor) return el('td', { class: 'muted num' }, '—');
    const amount = owed.get(debtor + '>' + creditor) || '0';
    return el('td', { class: 'num' + (amount === '0' ? ' muted' : ''), 'data-cell': debtor + '>' + creditor }, amount);
  })));
  $('ledger-matrix').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  $('gross-total').textContent = json.grossTotal;
  let net = 0n;
  for (const p of json.netPositions) if (big(p.net) > 0n) net += big(p.net);
  $('net-total').textContent = net.toString();
  $('net-positions').tBodies[0].replaceChildren(...json.netPositions.map((p) => {
    const value = big(p.net);
    const meaning = value > 0n ? 'is owed (creditor)' : value < 0n ? 'owes (debtor)' : 'even';
    return el('tr', {}, el('th', { scope: 'row' }, p.bank), el('td', { class: 'num' }, p.net), el('td', {}, meaning));
  }));
}

async function loadRounds() {
  const json = await api('GET', '/api/v1/netting/rounds?limit=50');
  const rounds = json.items.slice().sort((a, b) => a.roundId - b.roundId);
  $('rounds-table').tBodies[0].replaceChildren(...(rounds.length ? rounds.slice().reverse().map((r) => el('tr', { 'data-round': r.roundId },
    el('th', { scope: 'row' }, '#' + r.roundId), el('td', {}, r.at.replace('T', ' ').replace(/\..*Z$/, 'Z')),
    el('td', {}, r.strategy.id + '@' + r.strategy.version), el('td', { class: 'num' }, r.grossBefore),
    el('td', { class: 'num' }, r.grossAfter), el('td', { class: 'num' }, r.reductionPercent + ' %')))
    : [el('tr', {}, el('td', { colspan: '6', class: 'muted' }, 'No netting round yet.'))]));
  renderChart(rounds.slice(-12));
}

// Inline SVG, no library: per round a "before" and an "after" bar, each labelled with its figure.
function renderChart(rounds) {
  const container = $('netting-chart');
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = (tag, attributes, text) => {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  if (rounds.length === 0) {
    container.replaceChildren(el('p', { class: 'muted small' }, 'The chart appears after the first netting round.'));
    return;
  }
  const groupWidth = 90;
  const width = Math.max(320, rounds.length * groupWidth + 40);
  const height = 200;
  const top = 20;
  const bottom = 40;
  const plot = height - top - bottom;
  const max = rounds.reduce((m, r) => (big(r.grossBefore) > m ? big(r.grossBefore) : m), 1n);
  const scale = (value) => Number((big(value) * 1000n) / max) / 1000 * plot;
  const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'chart-title', class: 'chart-svg' });
  root.append(svg('title', { id: 'chart-title' }, 'Gross obligations before and after each netting round'));
  root.append(svg('line', { x1: 30, y1: top + plot, x2: width - 5, y2: top + plot, class: 'axis' }));
  rounds.forEach((r, i) => {
    const x = 40 + i * groupWidth;
    const g = svg('g', { 'data-round': r.roundId });
    const before = scale(r.grossBefore);
    const after = scale(r.grossAfter);
    g.append(svg('rect', { x, y: top + plot - before, width: 30, height: Math.max(before, 1), class: 'bar-before' }));
    g.append(svg('rect', { x: x + 34, y: top + plot - after, width: 30, height: Math.max(after, 1), class: 'bar-after' }));
    g.append(svg('text', { x: x + 15, y: top + plot - before - 4, 'text-anchor': 'middle', class: 'value' }, r.grossBefore));
    g.append(svg('text', { x: x + 49, y: top + plot - after - 4, 'text-anchor': 'middle', class: 'value' }, r.grossAfter));
    g.append(svg('text', { x: x + 15, y: top + plot + 12, 'text-anchor': 'middle', class: 'tick' }, 'before'));
    g.append(svg('text', { x: x + 49, y: top + plot + 12, 'text-anchor': 'middle', class: 'tick' }, 'after'));
    g.append(svg('text', { x: x + 32, y: top + plot + 28, 'text-anchor': 'middle', class: 'label' }, '#' + r.roundId + ' −' + r.reductionPercent + '%'));
    root.append(g);
  });
  container.replaceChildren(root);
}

async function loadSettlements() {
  const json = await api('GET', '/api/v1/settlements');
  // unchanged instructions: keep the rows, so that a refresh never takes the input the operator is typing in
  const shown = JSON.stringify(json.instructions);
  if (shown === state.settlementsShown) return;
  state.settlementsShown = shown;
  const current = new Set(json.instructions.map((s) => s.debtor + '>' + s.creditor + '>' + s.amount));
  for (const key of Array.from(state.references.keys())) if (!current.has(key)) state.references.delete(key);
  const rows = json.instructions.map((s) => {
    const key = s.debtor + '>' + s.creditor + '>' + s.amount;
    const reference = el('input', { type: 'text', placeholder: 'e.g. wire reference', maxLength: 128, 'aria-label': 'payment reference for ' + s.instruction,
      value: state.references.get(key) || '' });
    reference.addEventListener('input', () => state.references.set(key, reference.value));
    const button = el('button', { type: 'button' }, 'Confirm paid');
    button.addEventListener('click', () => confirmSettlement(s, reference, button));
    return el('tr', {}, el('td', {}, s.instruction), el('td', {}, reference), el('td', {}, button));
  });
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '3', class: 'muted' }, 'Nothing to settle.')));
  $('settlements-table').tBodies[0].replaceChildren(...rows);
}

async function confirmSettlement(instruction, referenceInput, button) {
  const reference = referenceInput.value.trim();
  if (!reference) {
    $('settlements-message').textContent = 'Enter the payment reference first.';
    referenceInput.focus();
    return;
  }
  button.disabled = true;
  try {
    const answer = await api('POST', '/api/v1/settlements/confirm', {
      debtor: instruction.debtor, creditor: instruction.creditor, amount: instruction.amount, reference,
    });
    $('settlements-message').textContent = answer.status === 'PENDING'
      ? 'Submitted (' + reference + '); not in a block yet: transaction ' + shortHex(answer.transactionHash) + '.'
      : 'Confirmed at height ' + answer.height + ': ' + instruction.instruction + ' (' + reference + ').';
    scheduleRefresh();
  } catch (e) {
    $('settlements-message').textContent = 'Not confirmed (' + e.status + ' ' + e.code + '): ' + e.message;
  } finally {
    button.disabled = false;
  }
}

async function runNetting() {
  const button = $('run-netting');
  button.disabled = true;
  $('netting-message').textContent = 'Running…';
  try {
    const answer = await api('POST', '/api/v1/netting/rounds');
    const round = answer.round;
    $('netting-message').textContent = answer.status === 'PENDING'
      ? 'Requested; not in a block yet: transaction ' + shortHex(answer.transactionHash) + '.'
      : round ? 'Round #' + round.roundId + ' at height ' + round.height + ': gross ' + round.grossBefore + ' → ' + round.grossAfter
        + ' (−' + round.reductionPercent + ' %).'
        : 'No round at height ' + answer.height + ': ' + answer.log + '.';
    await settle([loadHub(), loadLedger(), loadRounds(), loadSettlements()]);
  } catch (e) {
    $('netting-message').textContent = 'Netting not run (' + e.status + ' ' + e.code + '): ' + e.message;
  } finally {
    button.disabled = false;
  }
}

async function sendDevTransfer(event) {
  event.preventDefault();
  const from = $('dev-from').value;
  const to = $('dev-to').value;
  const amount = $('dev-amount').value.trim();
  if (from === to) {
    $('dev-message').textContent = 'Choose two different banks.';
    return;
  }
  $('dev-send').disabled = true;
  try {
    const sent = await api('POST', '/api/v1/dev/transfers', { from, to, amount });
    $('dev-message').textContent = 'Sent ' + amount + ' from ' + from + ' to ' + to + ': transfer ' + shortHex(sent.transferId) + '.';
    upsertTransfer(sent.transferId, { sourceBank: from, destinationBank: to, amount, sourceTx: sent.sourceTransactionHash });
    renderTransfers();
  } catch (e) {
    $('dev-message').textContent = e.status === 404
      ? 'This node is not in dev mode: dev transfers are off.'
      : 'Not sent (' + e.status + ' ' + e.code + '): ' + e.message;
  } finally {
    $('dev-send').disabled = false;
  }
}

// ---- events -------------------------------------------------------------------------------------

function connectEvents() {
  closeSocket();
  if (state.blocked) return;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const after = state.lastEventId >= 0 ? '&after=' + state.lastEventId : '';
  // browsers cannot set Authorization on a WebSocket: the node reads this parameter on /api/v1/events only
  const url = scheme + '//' + location.host + '/api/v1/events?access_token=' + encodeURIComponent(state.token) + after;
  const socket = new WebSocket(url);
  state.socket = socket;
  setConnection('connecting', 'Connecting…');
  let opened = false;
  socket.onopen = () => {
    opened = true;
    state.reconnectMillis = 1000;
    if (!navigator.onLine) return;
    setConnection('live', 'Live');
    clearAlert('offline');
  };
  socket.onmessage = (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (typeof event.id === 'number') state.lastEventId = Math.max(state.lastEventId, event.id);
    onEvent(event);
  };
  socket.onclose = () => {
    if (state.socket !== socket || state.blocked) return;
    state.socket = null;
    if (opened) {
      // the node closes a stream that stayed quiet past its idle timeout: resume at once
      state.reconnectTimer = setTimeout(connectEvents, 0);
      return;
    }
    setConnection('reconnecting', 'Disconnected — reconnecting');
    // the upgrade failing looks the same as a network error: ask the API why
    api('GET', '/api/v1/validators').catch(() => {});
    state.reconnectTimer = setTimeout(connectEvents, state.reconnectMillis);
    state.reconnectMillis = Math.min(state.reconnectMillis * 2, RECONNECT_MAX_MILLIS);
  };
}

function closeSocket() {
  const socket = state.socket;
  state.socket = null;
  if (socket) socket.close();
}

function onEvent(event) {
  const d = event.data || {};
  switch (event.type) {
    case 'transfer.observed':
      upsertTransfer(d.transferId, { sourceBank: d.sourceBank, destinationBank: d.destinationBank, amount: d.amount,
        sourceTx: d.sourceTransactionHash, status: 'OBSERVED' });
      renderTransfers();
      break;
    case 'transfer.confirmed':
      upsertTransfer(d.transferId, { sourceBank: d.sourceBank, destinationBank: d.destinationBank, amount: d.amount, status: 'CONFIRMED' });
      renderTransfers();
      break;
    case 'transfer.executed':
      upsertTransfer(d.transferId, { destinationBank: d.destinationBank, amount: d.amount, destinationTx: d.transactionHash,
        batchId: d.batch || undefined, status: 'EXECUTED' });
      renderTransfers();
      break;
    case 'transfer.stuck':
      upsertTransfer(d.transferId, { status: 'STUCK' });
      renderTransfers();
      break;
    case 'batch.created':
    case 'transfer.mint_failed':
      scheduleTransfers();
      break;
    default:
      break;
  }
  // every event comes from a committed block: the hub moved, and the figures with it
  scheduleRefresh();
  if (state.selected && d.transferId === state.selected) showTransfer(state.selected);
}

// ---- wiring -------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value);
  });
  $('sign-out-button').addEventListener('click', signOut);
  $('filter-bank').addEventListener('change', renderTransfers);
  $('filter-state').addEventListener('change', renderTransfers);
  $('run-netting').addEventListener('click', runNetting);
  $('dev-form').addEventListener('submit', sendDevTransfer);
  $('detail-close').addEventListener('click', closeTransfer);
  $('dev-to').addEventListener('change', () => { $('dev-to').dataset.touched = '1'; });
  window.addEventListener('offline', offline);
  window.addEventListener('online', () => { clearAlert('offline'); if (!state.blocked && state.token) connectEvents(); });
  if (state.token) signIn(state.token);
});
