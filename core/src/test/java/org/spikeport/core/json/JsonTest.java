package org.spikeport.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n\u0001");
        m.put("n", 3);
        m.put("x", 0.25);
        m.put("whole", 2.0);
        m.put("nan", Double.NaN);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1, 2));
        m.put("counts", new int[] {4, 5});
        m.put("rows", List.of(Map.of("k", 1)));
        m.put("empty", Map.of());
        assertEquals("""
                {
                  "name": "a \\"b\\"\\n\\u0001",
                  "n": 3,
                  "x": 0.25,
                  "whole": 2,
                  "nan": null,
                  "ok": true,
                  "none": null,
                  "list": [1, 2],
                  "counts": [4, 5],
                  "rows": [
                    {
                      "k": 1
                    }
                  ],
                  "empty": {}
                }""", Json.write(m));
    }

    @Test
    void rejectsUnknownTypes() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
