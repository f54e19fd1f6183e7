package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.llmcost.ledger.LedgerReport;
import dev.llmcost.ledger.LedgerSeries;
import dev.llmcost.ledger.LedgerSeries.Point;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link LedgerReport} as CSV (RFC 4180) for spreadsheets: a header, then one
 * row per point of the period (each step of a series, or the whole period) × feature ×
 * model with calls in that point.
 * <p>
 * Times are ISO-8601 with the offset of the report's zone, so that a day's rows read as
 * that day. Names are the application's and its models' and may hold anything: a cell is
 * quoted when it holds a comma, a quote or a line break, and a name that a spreadsheet
 * would read as a formula (one starting with {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return) gets a leading apostrophe, as OWASP recommends against CSV
 * injection: {@code =cmd()} is written {@code '=cmd()}.
 *
 * @author llm-cost contributors
 */
final class LlmCostCsv {

	static final String HEADER = "from,to,feature,model,calls,errors,input,cache_read,cache_write,output,reasoning,"
			+ "cost,currency,units_image,units_second,units_character,units_request";

	private static final String LINE_BREAK = "\r\n";

	private final ReportingCurrency currency;

	private final DateTimeFormatter times;

	private LlmCostCsv(ReportingCurrency currency, ZoneId zone) {
		this.currency = currency;
		this.times = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
	}

	/**
	 * Return a report as CSV.
	 * @param report the report
	 * @param feature the only feature to write, or {@code null} for all
	 * @param currency the currency to write costs in
	 * @return the CSV text
	 */
	static String write(LedgerReport report, @Nullable String feature, ReportingCurrency currency) {
		return new LlmCostCsv(currency, report.period().zone()).write(report, feature);
	}

	private String write(LedgerReport report, @Nullable String feature) {
		StringBuilder csv = new StringBuilder(HEADER).append(LINE_BREAK);
		LedgerSeries series = report.series();
		if (series == null) {
			rows(csv, report.period().from(), report.period().to(), report.features(), feature);
		}
		else {
			for (Point point : series.points()) {
				rows(csv, point.from(), point.to(), List.copyOf(point.features().values()), feature);
			}
		}
		return csv.toString();
	}

	private void rows(StringBuilder csv, Instant from, Instant to, List<FeatureTotals> features,
			@Nullable String only) {
		String start = this.times.format(from);
		String end = this.times.format(to);
		for (FeatureTotals feature : features) {
			if (only != null && !only.equals(feature.feature())) {
				continue;
			}
			for (ModelTotals model : feature.models()) {
				row(csv, start, end, feature.feature(), model.model(), model.totals());
			}
		}
	}

	private void row(StringBuilder csv, String from, String to, String feature, String model, Totals totals) {
		TokenUsage tokens = totals.tokens();
		BigDecimal cost = this.currency.convert(totals.cost()).stripTrailingZeros();
		csv.append(from).append(',').append(to).append(',');
		text(csv, feature).append(',');
		text(csv, model).append(',');
		csv.append(totals.calls()).append(',').append(totals.errors()).append(',');
		csv.append(tokens.input()).append(',').append(tokens.cacheRead()).append(',');
		csv.append(tokens.cacheWrite()).append(',').append(tokens.output()).append(',');
		csv.append(tokens.reasoning()).append(',');
		csv.append((cost.signum() == 0) ? "0" : cost.toPlainString()).append(',');
		csv.append(this.currency.code());
		for (UnitType type : UnitType.values()) {
			csv.append(',').append(totals.units().get(type));
		}
		csv.append(LINE_BREAK);
	}

	/**
	 * Append a name as a cell that a spreadsheet shows as text.
	 */
	private static StringBuilder text(StringBuilder csv, String value) {
		String cell = isFormula(value) ? "'" + value : value;
		if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
			return csv.append(cell);
		}
		return csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
	}

	private static boolean isFormula(String value) {
		if (value.isEmpty()) {
			return false;
		}
		char first = value.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

}
