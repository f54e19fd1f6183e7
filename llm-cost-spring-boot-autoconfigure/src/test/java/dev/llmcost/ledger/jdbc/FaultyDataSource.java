package dev.llmcost.ledger.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A {@link DataSource} that fails on demand, the way a database or the network between
 * can: refusing connections (down), or committing a transaction and then losing the
 * answer. It also counts the statements prepared, and can hold a committed transaction
 * before its answer returns.
 */
final class FaultyDataSource extends DelegatingDataSource {

	private volatile boolean down;

	private final AtomicInteger lostCommitAnswers = new AtomicInteger();

	private final AtomicInteger preparedStatements = new AtomicInteger();

	private final AtomicReference<CountDownLatch[]> holdAfterCommit = new AtomicReference<>();

	FaultyDataSource(DataSource target) {
		super(target);
	}

	/**
	 * Refuse every new connection, or accept them again.
	 * @param down whether the database is down
	 */
	void down(boolean down) {
		this.down = down;
	}

	/**
	 * Make the next commits succeed in the database and then throw, as when the
	 * connection drops before the answer arrives.
	 * @param commits how many
	 */
	void loseCommitAnswers(int commits) {
		this.lostCommitAnswers.set(commits);
	}

	/**
	 * Make the next commit, once done in the database, count down {@code committed} and
	 * wait for {@code release} before it returns.
	 * @param committed counted down once the commit is done
	 * @param release awaited before the commit returns
	 */
	void holdAfterNextCommit(CountDownLatch committed, CountDownLatch release) {
		this.holdAfterCommit.set(new CountDownLatch[] { committed, release });
	}

	int preparedStatements() {
		return this.preparedStatements.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.down) {
			throw new SQLTransientConnectionException("Connection refused (the test took the database down)");
		}
		Connection connection = super.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				new FaultyConnection(connection));
	}

	private final class FaultyConnection implements InvocationHandler {

		private final Connection target;

		FaultyConnection(Connection target) {
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if (method.getName().equals("prepareStatement")) {
				FaultyDataSource.this.preparedStatements.incrementAndGet();
			}
			Object result;
			try {
				result = method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (method.getName().equals("commit")) {
				CountDownLatch[] hold = FaultyDataSource.this.holdAfterCommit.getAndSet(null);
				if (hold != null) {
					hold[0].countDown();
					hold[1].await(30, TimeUnit.SECONDS);
				}
				if (FaultyDataSource.this.lostCommitAnswers.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					throw new SQLException("I/O error: the connection dropped before the answer to COMMIT arrived",
							"08006");
				}
			}
			return result;
		}

	}

}
