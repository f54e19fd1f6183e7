package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Map;

import dev.llmcost.usage.UnitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link UnitRates}: prices per image, second, character and request, bounded
 * as token prices are.
 */
class UnitRatesTests {

	@ParameterizedTest
	@ValueSource(strings = { "-0.04", "1000.01", "1e1000000", "1e-1000000", "0.0000000001" })
	void hostilePricesShouldBeRejectedWithoutTheirValue(String price) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UnitRates.of(Map.of(UnitType.IMAGE, new BigDecimal(price))))
			.withMessageStartingWith("image price is ")
			.withMessageNotContaining(price);
	}

	@Test
	void publishedPricesShouldBeKept() {
		UnitRates rates = UnitRates.of(Map.of(UnitType.CHARACTER, new BigDecimal("0.000015"), UnitType.SECOND,
				new BigDecimal("0.0001"), UnitType.IMAGE, new BigDecimal("0.040")));

		assertThat(rates.perUnit(UnitType.CHARACTER)).isEqualByComparingTo("0.000015");
		assertThat(rates.perUnit(UnitType.SECOND)).isEqualByComparingTo("0.0001");
		assertThat(rates.perUnit(UnitType.IMAGE).toPlainString()).isEqualTo("0.04");
		assertThat(rates.perUnit(UnitType.REQUEST)).isNull();
	}

}
