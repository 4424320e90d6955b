package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLongJobOutsideATerminalLogsALineAMinuteAndASummary() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(5 * SECOND);
        Progress p = new Progress(new PrintWriter(text), "encoding", 10, false, now::get);
        p.update(1);
        now.addAndGet(59 * SECOND);
        p.update(2);
        now.addAndGet(SECOND);
        p.update(3);
        now.addAndGet(30 * SECOND);
        p.update(4);
        now.addAndGet(30 * SECOND);
        p.update(5);
        now.addAndGet(10 * SECOND);
        p.update(10);
        p.finish();
        assertEquals("encoding: 3/10 after 60 s\nencoding: 5/10 after 120 s\nencoding: 10 done in 130.0 s\n",
                text.toString());
    }

    @Test
    void aShortJobOutsideATerminalPrintsOnlyTheSummary() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintWriter(text), "reading", 3, false, now::get);
        for (int i = 1; i <= 3; i++) {
            now.addAndGet(SECOND);
            p.update(i);
        }
        p.finish();
        assertEquals("reading: 3 done in 3.0 s\n", text.toString());
    }
}
