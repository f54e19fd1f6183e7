/**
 * A {@link dev.llmcost.ledger.CostLedger} in a database table shared by every instance of
 * an application, written in the background through JDBC.
 */
@NullMarked
package dev.llmcost.ledger.jdbc;

import org.jspecify.annotations.NullMarked;
