package dev.llmcost.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.util.List;

import javax.sql.DataSource;

import dev.llmcost.autoconfigure.LlmCostProperties.Ledger.Jdbc.InitializeSchema;
import dev.llmcost.ledger.jdbc.JdbcLedgerSettings;
import dev.llmcost.ledger.jdbc.LedgerDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Creates the tables of the {@link dev.llmcost.ledger.jdbc.JdbcCostLedger JDBC ledger} at
 * startup, as {@code llm.cost.ledger.jdbc.initialize-schema} says, from the script
 * shipped for the database's platform, with the configured table prefix.
 * <p>
 * A {@link DataSourceScriptDatabaseInitializer}, so Spring Boot runs it before the beans
 * that depend on database initialization. The database is asked what it is only when the
 * tables are to be created: with {@code never}, and with {@code embedded} on a database
 * that cannot be reached, startup does not depend on it.
 *
 * @author llm-cost contributors
 */
public class LlmCostLedgerSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private static final Log logger = LogFactory.getLog(LlmCostLedgerSchemaInitializer.class);

	private final InitializeSchema mode;

	private final String tablePrefix;

	/**
	 * Create an initializer.
	 * @param dataSource the ledger's database
	 * @param mode when to create the tables
	 * @param tablePrefix the prefix of the table names
	 */
	public LlmCostLedgerSchemaInitializer(DataSource dataSource, InitializeSchema mode, String tablePrefix) {
		super(dataSource, settings(mode));
		this.mode = mode;
		this.tablePrefix = tablePrefix;
	}

	private static DatabaseInitializationSettings settings(InitializeSchema mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setMode(DatabaseInitializationMode.valueOf(mode.name()));
		return settings;
	}

	/**
	 * Create the tables that are missing, if the mode says so.
	 * @return whether the script was run
	 */
	@Override
	public boolean initializeDatabase() {
		if (this.mode == InitializeSchema.NEVER || (this.mode == InitializeSchema.EMBEDDED && !isEmbeddedDatabase())) {
			return false;
		}
		Resource script = script(dialect());
		try {
			runScripts(new Scripts(List.of(script)));
		}
		catch (RuntimeException ex) {
			// Instances starting together race to create the same table; PostgreSQL can
			// refuse the loser's CREATE TABLE IF NOT EXISTS. The second run finds it.
			logger.debug("Creating the ledger tables failed once; trying again", ex);
			runScripts(new Scripts(List.of(script)));
		}
		return true;
	}

	private LedgerDialect dialect() {
		try {
			return LedgerDialect
				.of(JdbcUtils.extractDatabaseMetaData(getDataSource(), DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException(
					"Could not tell which database the LLM cost ledger's tables are to be " + "created in", ex);
		}
	}

	private Resource script(LedgerDialect dialect) {
		ClassPathResource resource = new ClassPathResource(dialect.schemaLocation(),
				LlmCostLedgerSchemaInitializer.class.getClassLoader());
		try {
			String script = resource.getContentAsString(StandardCharsets.UTF_8)
				.replace(JdbcLedgerSettings.DEFAULT_TABLE_PREFIX, this.tablePrefix);
			return new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8), dialect.schemaLocation());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + dialect.schemaLocation(), ex);
		}
	}

}
