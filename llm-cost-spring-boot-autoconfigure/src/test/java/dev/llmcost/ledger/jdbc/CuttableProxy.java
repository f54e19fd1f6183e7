package dev.llmcost.ledger.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy on {@code 127.0.0.1} in front of a database server, whose connections the
 * test can cut: {@link #cut()} closes every open connection, as a network failure or a
 * database restart would, and refuses new ones (accepts and closes them at once) until
 * {@link #restore()}. The server itself keeps running, for the other tests.
 */
final class CuttableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> open = new HashSet<>();

	private volatile boolean cut;

	private CuttableProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "cuttable-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static CuttableProxy to(String host, int port) throws IOException {
		return new CuttableProxy(new InetSocketAddress(host, port));
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Close every connection and refuse new ones.
	 */
	void cut() {
		this.cut = true;
		synchronized (this.open) {
			this.open.forEach(CuttableProxy::closeQuietly);
			this.open.clear();
		}
	}

	/**
	 * Accept connections again.
	 */
	void restore() {
		this.cut = false;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket(this.target.getAddress(), this.target.getPort());
				synchronized (this.open) {
					this.open.add(client);
					this.open.add(upstream);
				}
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed, or the server refused: the client sees its connection fail
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "cuttable-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		cut();
	}

}
