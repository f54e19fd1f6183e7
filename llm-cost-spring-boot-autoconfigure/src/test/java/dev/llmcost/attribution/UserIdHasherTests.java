package dev.llmcost.attribution;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Unit tests for {@link UserIdHasher}. The expected hashes were computed with Python's
 * {@code hmac.new(bytes.fromhex(key), user.encode(), hashlib.sha256).hexdigest()[:16]}.
 */
class UserIdHasherTests {

	static final String KEY = "000102030405060708090a0b0c0d0e0f";

	private final UserIdHasher hasher = UserIdHasher.ofHexKey(KEY);

	@Test
	void hashShouldBeTheFirstSixteenHexDigitsOfTheHmacSha256() {
		assertThat(this.hasher.hash("alice@example.com")).isEqualTo("5d1fc068857810a7");
		assertThat(this.hasher.hash("bob")).isEqualTo("70578d7366ae542c");
		assertThat(this.hasher.hash("ünïcode")).isEqualTo("0f686b565028d960");
	}

	@Test
	void sameUserShouldGiveTheSameHashAcrossHashersOfTheSameKey() {
		assertThat(UserIdHasher.ofHexKey(KEY.toUpperCase()).hash("alice@example.com"))
			.isEqualTo(this.hasher.hash("alice@example.com"));
	}

	@Test
	void anotherKeyShouldGiveAnotherHash() {
		assertThat(UserIdHasher.ofHexKey("ffeeddccbbaa99887766554433221100").hash("alice@example.com"))
			.isEqualTo("dbf6dbaad94d4234");
	}

	@Test
	void keyThatIsNotHexOrTooShortShouldBeRefusedWithoutShowingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> UserIdHasher.ofHexKey("not-hex-secret-value-0123456789"))
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> UserIdHasher.ofHexKey("abc"))
			.withMessageNotContaining("abc");
		assertThatIllegalArgumentException().isThrownBy(() -> UserIdHasher.ofHexKey("00112233445566778899aabbccddee"))
			.withMessage("It must be at least 32 hex digits (128 bits); it has 30.");
	}

	@Test
	void toStringShouldNotShowTheKey() {
		assertThat(this.hasher).hasToString("UserIdHasher[HmacSHA256, 16 hex digits]");
	}

}
