package io.astraclear.contracts.devnet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * web3j's HTTP transport with {@code TCP_NODELAY} on every socket. web3j's default client leaves
 * Nagle's algorithm on, and OkHttp writes a request's headers and body separately: on loopback,
 * every JSON-RPC request above a few kilobytes (a batch transaction, a large {@code eth_call})
 * then waits for the server's delayed ACK, about 40 ms, where it would take 1 to 2 ms. One
 * client (connection pool) is shared by every service made here.
 *
 * <pre>{@code
 * Web3j web3j = JsonRpcHttp.connect(anvil.rpcUrl());
 * }</pre>
 */
public final class JsonRpcHttp {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .socketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()))
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(READ_TIMEOUT)
            .writeTimeout(WRITE_TIMEOUT)
            .build();

    private JsonRpcHttp() {}

    /** An HTTP JSON-RPC transport to {@code url} without Nagle delays. */
    public static HttpService service(String url) {
        return new HttpService(url, CLIENT);
    }

    /** Sockets with Nagle's algorithm off, for any other OkHttp client that speaks JSON-RPC (the chain adapter's). */
    public static SocketFactory noDelaySocketFactory() {
        return new NoDelaySocketFactory(SocketFactory.getDefault());
    }

    /** {@code Web3j.build(service(url))}. */
    public static Web3j connect(String url) {
        return Web3j.build(service(url));
    }

    private static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory delegate;

        NoDelaySocketFactory(SocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localAddress, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
