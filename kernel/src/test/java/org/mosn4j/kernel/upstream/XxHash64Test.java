package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XxHash64Test {

    @Test
    void bytesHashAsTheReferenceImplementation() {
        // Values from the reference C library (libxxhash's XXH64 with seed 0).
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0]));
        assertEquals(0xD24EC4F1A98C6E5BL, XxHash64.hash("a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x44BC2CF5AD770999L, XxHash64.hash("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0xFBCEA83C8A378BF1L,
                XxHash64.hash("Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void textHashesAsItsUtf16LittleEndianBytes() {
        String text = "héllo wörld, 0123456789abcdef";
        assertEquals(0xAC213361F6F30FD7L, XxHash64.hash(text));
        assertEquals(0xB5B48EDE78857361L, XxHash64.hash(text, 0, text.length(), 7));
        Random random = new Random(1);
        for (int length = 0; length < 70; length++) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                // Below the surrogates, which an encoder would replace when unpaired.
                chars[i] = (char) random.nextInt(Character.MIN_SURROGATE);
            }
            String s = new String(chars);
            assertEquals(XxHash64.hash(s.getBytes(StandardCharsets.UTF_16LE)), XxHash64.hash(s), "length " + length);
            String padded = "<<" + s + ">>";
            assertEquals(XxHash64.hash(s), XxHash64.hash(padded, 2, 2 + length, 0), "a range of length " + length);
        }
    }
}
