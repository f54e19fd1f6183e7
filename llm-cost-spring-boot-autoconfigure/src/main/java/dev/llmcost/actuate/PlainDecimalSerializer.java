package dev.llmcost.actuate;

import java.math.BigDecimal;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a cost as a plain JSON number without trailing zeros: exact sums of tiny
 * per-token prices would otherwise read {@code 5E-9} or {@code 0.000298200}.
 *
 * @author llm-cost contributors
 */
public class PlainDecimalSerializer extends StdSerializer<BigDecimal> {

	/**
	 * Create a serializer.
	 */
	public PlainDecimalSerializer() {
		super(BigDecimal.class);
	}

	@Override
	public void serialize(BigDecimal value, JsonGenerator generator, SerializationContext context) {
		generator.writeNumber(value.stripTrailingZeros().toPlainString());
	}

}
