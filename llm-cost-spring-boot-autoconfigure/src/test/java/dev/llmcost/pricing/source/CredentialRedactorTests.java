package dev.llmcost.pricing.source;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locations shown without credentials, whether or not they parse as URIs, and messages
 * without the credentials of their source.
 */
class CredentialRedactorTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					https://prices.example.org/p.json                               | https://prices.example.org/p.json
					https://user:S3cr3t@prices.example.org/p.json?token=abc#frag     | https://prices.example.org/p.json
					HTTPS://user:S3cr3t@prices.example.org/p.json?token=abc         | https://prices.example.org/p.json
					http://user:S3cr3t@catalog_host/x?token=abc                      | http://catalog_host/x
					"http://user:S3 cr3t@catalog_host/x?token=abc"                   | http://catalog_host/x
					http://ghp_T0k3n@raw.example.org/p.json                          | http://raw.example.org/p.json
					http://user:p@ss@host:8443/p.json                                | http://host:8443/p.json
					http://user:pa/ss@host/p.json                                    | http://host/p.json
					http://user:p@ss/wo@rd@host/p.json                               | http://host/p.json
					http://user:pa?ss@host/p.json                                    | http://host/p.json
					http://user:pa/?#ss@host/p.json                                  | http://host/p.json
					https://registry.example.org/@scope/prices.json                 | https://registry.example.org/@scope/prices.json
					https://token@registry.example.org/@scope/prices.json           | https://registry.example.org/@scope/prices.json
					https://host:8443/p.json?email=me@example.org                    | https://host:8443/p.json
					https://[::1]:8443/p.json?token=abc                              | https://[::1]:8443/p.json
					s3://bucket/prices.json?X-Amz-Signature=abc                      | s3://bucket/prices.json
					/etc/llm-cost/prices.json                                        | /etc/llm-cost/prices.json
					classpath:llm-cost/prices.json                                   | classpath:llm-cost/prices.json
					""")
	void displayLocationShouldHaveNoUserInfoQueryOrFragment(String location, String expected) {
		assertThat(CredentialRedactor.displayLocation(location)).isEqualTo(expected);
	}

	@Test
	void messageQuotingTheLocationShouldShowItWithoutCredentials() {
		String location = "http://user:S3cr3t pa55@catalog_host/x?token=T0k3n-1";
		CredentialRedactor redactor = new CredentialRedactor(location, Map.of(), List.of());

		assertThat(redactor.redact("Illegal character in authority at index 7: " + location))
			.isEqualTo("Illegal character in authority at index 7: http://catalog_host/x");
	}

	@Test
	void messageQuotingAnyUrlShouldShowItWithoutUserInfoAndQuery() {
		CredentialRedactor redactor = new CredentialRedactor("https://prices.example.org/p.json", Map.of(), List.of());

		assertThat(redactor.redact("redirected to https://u:pw@cdn.example.org/p.json?X-Amz-Signature=abc, refused"))
			.isEqualTo("redirected to https://cdn.example.org/p.json refused");
	}

	@Test
	void messageQuotingCredentialsAloneShouldMaskThem() {
		CredentialRedactor redactor = new CredentialRedactor(
				"https://user:S3cr3t%20pa55@prices.example.org/p.json?token=T0k3n-1&v=2",
				Map.of("Authorization", "Bearer h3ader-t0ken"), List.of("Basic dXNlcjpTM2NyM3QgcGE1NQ=="));

		assertThat(redactor.redact("bad password S3cr3t pa55, S3cr3t%20pa55, token T0k3n-1, bearer h3ader-t0ken, "
				+ "Basic dXNlcjpTM2NyM3QgcGE1NQ==, HTTP 404"))
			.isEqualTo("bad password ******, ******, token ******, bearer ******, ******, HTTP 404");
	}

}
