package io.astraclear.adapters.besu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.web3j.protocol.Service;

/**
 * web3j's JSON-RPC over HTTP with a truly asynchronous {@code sendAsync}: web3j's own
 * {@code HttpService} runs a blocking call on an unbounded thread pool per request, this one
 * enqueues on OkHttp's dispatcher, which bounds the requests in flight, and cancels the call when
 * its future is abandoned (a timeout).
 */
final class AsyncHttpService extends Service {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** An error body is quoted in the failure, never more than this. */
    private static final int MAX_QUOTED_BODY_CHARS = 300;

    private final String url;
    private final OkHttpClient client;

    AsyncHttpService(String url, long callTimeoutMillis, int maxConcurrentRequests) {
        super(false);
        this.url = url;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConcurrentRequests);
        dispatcher.setMaxRequestsPerHost(maxConcurrentRequests);
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // Nagle + delayed ACK stall every request above a few KB by ~40 ms on loopback
                .socketFactory(io.astraclear.contracts.devnet.JsonRpcHttp.noDelaySocketFactory())
                .callTimeout(callTimeoutMillis, TimeUnit.MILLISECONDS)
                .connectTimeout(Math.min(callTimeoutMillis, 5_000), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false) // retries are the adapter's decision, with back-off
                .build();
    }

    @Override
    @SuppressWarnings("rawtypes") // the signature web3j's Service declares
    public <T extends org.web3j.protocol.core.Response> CompletableFuture<T> sendAsync(
            org.web3j.protocol.core.Request request, Class<T> responseType) {
        String payload;
        try {
            payload = objectMapper.writeValueAsString(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = client.newCall(httpRequest(payload));
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call done, Response response) {
                try (response) {
                    result.complete(objectMapper.readValue(body(response), responseType));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                call.cancel();
            }
        });
        return result;
    }

    /** The blocking path web3j's {@code send()} takes; the adapter does not use it, tools may. */
    @Override
    protected InputStream performIO(String payload) throws IOException {
        try (Response response = client.newCall(httpRequest(payload)).execute()) {
            return new ByteArrayInputStream(body(response));
        }
    }

    private Request httpRequest(String payload) {
        return new Request.Builder().url(url).post(RequestBody.create(payload, JSON)).build();
    }

    private static byte[] body(Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        if (!response.isSuccessful()) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            throw new HttpStatusException(response.code(),
                    text.length() > MAX_QUOTED_BODY_CHARS ? text.substring(0, MAX_QUOTED_BODY_CHARS) + "..." : text);
        }
        return bytes;
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The node answered with an HTTP status other than 2xx. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatusException(int status, String body) {
            super("HTTP " + status + (body.isBlank() ? "" : ": " + body));
            this.status = status;
        }
    }
}
