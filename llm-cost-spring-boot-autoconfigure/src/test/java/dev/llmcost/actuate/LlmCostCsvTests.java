package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;

import dev.llmcost.ledger.LedgerPeriod;
import dev.llmcost.ledger.LedgerReport;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostCsv}: names as the starter never records them (a ledger of
 * one's own, or a shared store, may hold anything) and costs in another currency.
 */
class LlmCostCsvTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final LedgerPeriod DAY = LedgerPeriod.between("2026-11-02", "2026-11-03",
			Instant.parse("2026-11-10T00:00:00Z"), PARIS);

	private static final String HEADER = "from,to,feature,model,calls,errors,input,cache_read,cache_write,output,"
			+ "reasoning,cost,currency,units_image,units_second,units_character,units_request";

	@Test
	void emptyReportShouldBeTheHeaderAlone() {
		assertThat(csv(List.of(), ReportingCurrency.USD)).isEqualTo(HEADER + "\r\n");
	}

	@Test
	void cellsThatASpreadsheetWouldReadAsFormulasShouldGetALeadingApostrophe() {
		List<String> lines = lines(
				csv(List.of(row("=1+1", "@SUM(A1)"), row("+1", "-1"), row("\tx", "safe=1")), ReportingCurrency.USD));

		assertThat(lines).extracting((line) -> line.split(",")[2] + "|" + line.split(",")[3])
			.containsExactlyInAnyOrder("feature|model", "'=1+1|'@SUM(A1)", "'+1|'-1", "'\tx|safe=1");
	}

	@Test
	void cellsWithSeparatorsQuotesOrLineBreaksShouldBeQuoted() {
		String csv = csv(List.of(row("a,b", "say \"hi\""), row("multi\nline", "cr\rhere")), ReportingCurrency.USD);

		assertThat(csv).contains(",\"a,b\",\"say \"\"hi\"\"\",").contains(",\"multi\nline\",\"cr\rhere\",");
	}

	@Test
	void costsShouldBeInTheReportingCurrencyAsPlainNumbers() {
		ReportingCurrency eur = new ReportingCurrency(Currency.getInstance("EUR"), new BigDecimal("0.9"));

		String csv = csv(List.of(row("chat", "gpt-4o-mini")), eur);

		// 0.0000001 USD x 0.9 = 0.00000009 EUR; Nov 2 in Paris is UTC+1.
		assertThat(lines(csv)).containsExactly(HEADER,
				"2026-11-02T00:00:00+01:00,2026-11-03T00:00:00+01:00,chat,gpt-4o-mini,1,0,10,20,30,40,50,0.00000009,EUR,0,0,0,0");
	}

	private static LedgerRow row(String feature, String model) {
		return new LedgerRow(Instant.parse("2026-11-02T08:00:00Z"), feature, model,
				new Totals(1, 0, new BigDecimal("0.0000001"), new TokenUsage(10, 20, 30, 40, 50)), 0);
	}

	private static String csv(List<LedgerRow> rows, ReportingCurrency currency) {
		return LlmCostCsv.write(LedgerReport.of(DAY, rows, null), null, currency);
	}

	private static List<String> lines(String csv) {
		return List.of(csv.split("\r\n"));
	}

}
