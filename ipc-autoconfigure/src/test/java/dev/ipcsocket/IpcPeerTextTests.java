package dev.ipcsocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How peer-supplied strings are rendered for logs and messages.
 */
class IpcPeerTextTests {

	@Test
	void printableAsciiStaysAsItIs() {
		assertThat(IpcPeerText.escape("orders-4711 com.example.OrderPlaced")).isEqualTo("orders-4711 com.example.OrderPlaced");
	}

	@Test
	void controlNonAsciiAndBackslashBecomeUnicodeEscapes() {
		assertThat(IpcPeerText.escape("a\nb\u001b[31m\u00e9\\\u007f\ud83d\ude00"))
			.isEqualTo("a\\u000ab\\u001b[31m\\u00e9\\u005c\\u007f\\ud83d\\ude00");
	}

	@Test
	void longStringsAreCutAndSayHowMuchWasLeftOut() {
		assertThat(IpcPeerText.escape("x".repeat(3000)))
			.isEqualTo("x".repeat(IpcPeerText.MAX_CHARS) + "...(" + (3000 - IpcPeerText.MAX_CHARS) + " more characters)");
	}

	@Test
	void nullIsShownAsNull() {
		assertThat(IpcPeerText.escape(null)).isEqualTo("null");
	}

}
