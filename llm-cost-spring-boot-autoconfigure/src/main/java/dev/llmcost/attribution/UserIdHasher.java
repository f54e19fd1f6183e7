package dev.llmcost.attribution;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a user id by its keyed hash, so that calls can be told apart by user without
 * the user id ever being recorded: HMAC-SHA256 of the id's UTF-8 bytes with the key of
 * {@code llm.cost.attribution.user.hash-key}, its first {@value #HASH_LENGTH} hex digits.
 * <p>
 * 16 hex digits are 64 bits: two of a million users share a hash with a probability of
 * about 3 in 100 million, and a hash is short enough for a span attribute and a ledger
 * column. Without the key, a hash cannot be computed from a guessed id, so it cannot be
 * reversed by trying ids; with it, the application can compute the hash of a known user
 * to find their calls. The same key gives the same hash on every instance and across
 * restarts; a new key gives new hashes.
 *
 * @author llm-cost contributors
 */
public final class UserIdHasher {

	/**
	 * Hex digits kept of the HMAC.
	 */
	public static final int HASH_LENGTH = 16;

	/**
	 * Fewest bytes of key accepted: 128 bits.
	 */
	public static final int MIN_KEY_BYTES = 16;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private UserIdHasher(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * Create a hasher from a key written in hex.
	 * @param hexKey the key: an even number of hex digits, at least
	 * {@value #MIN_KEY_BYTES} bytes
	 * @return the hasher
	 * @throws IllegalArgumentException if the key is not such hex; the message never
	 * contains the key
	 */
	public static UserIdHasher ofHexKey(String hexKey) {
		String trimmed = hexKey.strip();
		byte[] key;
		try {
			key = HexFormat.of().parseHex(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("It must be hex digits (0-9, a-f), an even number of them.");
		}
		if (key.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException("It must be at least " + (MIN_KEY_BYTES * 2)
					+ " hex digits (128 bits); it has " + trimmed.length() + ".");
		}
		return new UserIdHasher(key);
	}

	/**
	 * Return the hash of a user id.
	 * @param userId the user id
	 * @return {@value #HASH_LENGTH} lower-case hex digits
	 */
	public String hash(String userId) {
		try {
			// A Mac is not thread-safe, and making one is cheap next to a model call.
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		// Never the key.
		return "UserIdHasher[HmacSHA256, " + HASH_LENGTH + " hex digits]";
	}

}
