package org.mosn4j.kernel.network.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK TLS client for the echo filter: connects, reads the greeting line, and echoes lines. Trusts the given
 * CA; may present a client certificate and send an SNI name.
 */
final class TlsClient implements AutoCloseable {

    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private TlsClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /**
     * @param ca the CA file to trust
     * @param client a client certificate to present, or null
     */
    static SSLContext context(Path ca, TestCertificates.Pair client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate cert : PemObjects.certificates(Files.readString(ca))) {
            trust.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", PemObjects.privateKey(client.keyPem()), new char[0],
                    PemObjects.certificates(client.certPem()).toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Connects and finishes the handshake.
     *
     * @param context from {@link #context}
     * @param address the listener
     * @param serverName the SNI name to send, or null for none
     */
    static TlsClient connect(SSLContext context, InetSocketAddress address, String serverName) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.setSoTimeout(10_000);
        socket.connect(address, 5_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return new TlsClient(socket);
    }

    /** @return the next line the server sent */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** Sends a line and returns the echo. */
    String echo(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    /** @return the certificate the server presented */
    X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
