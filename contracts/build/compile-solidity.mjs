// Compiles contracts/src/main/solidity/*.sol with the pinned solc-js (package-lock.json) through
// its standard-JSON interface and writes <Name>.abi, <Name>.bin and <Name>.json (abi, bytecode,
// deployed bytecode, gas estimates) to the output directory. Same sources + same compiler = same bytes.
//
//   node contracts/build/compile-solidity.mjs <outDir>
import { createRequire } from 'node:module';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const sourceDir = path.join(root, 'contracts', 'src', 'main', 'solidity');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'contracts', 'target', 'solidity'));

const require = createRequire(path.join(root, 'package.json'));
function loadSolc() {
  try {
    return require('solc');
  } catch {
    console.log('[solidity] node_modules missing: running npm ci at ' + root);
    execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
    return require('solc');
  }
}
const solc = loadSolc();
const expected = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.solc;
if (!solc.version().startsWith(expected + '+')) {
  console.error(`[solidity] solc-js ${solc.version()} is not the pinned ${expected}; run npm ci`);
  process.exit(1);
}

const sources = {};
for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(sourceDir, file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // london: no PUSH0/MCOPY, so the bytecode runs on permissioned Besu networks with older genesis forks too
    evmVersion: 'london',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.gasEstimates'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), {
  import: (p) => {
    const full = path.join(sourceDir, path.basename(p));
    return fs.existsSync(full) ? { contents: fs.readFileSync(full, 'utf8') } : { error: 'not found: ' + p };
  },
}));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const message of output.errors ?? []) console.error(message.formattedMessage);
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, artifact] of Object.entries(contracts)) {
    if (!artifact.evm.bytecode.object) continue; // interfaces and abstract contracts
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(artifact.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), artifact.evm.bytecode.object);
    fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify({
      contractName: name, sourceName: file, compiler: solc.version(), settings: input.settings,
      abi: artifact.abi, bytecode: '0x' + artifact.evm.bytecode.object,
      deployedBytecode: '0x' + artifact.evm.deployedBytecode.object, gasEstimates: artifact.evm.gasEstimates,
    }, null, 2));
    count++;
  }
}
console.log(`[solidity] compiled ${count} contracts with solc ${solc.version()} into ${outDir}`);
