package org.spikeport.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.spikeport.core.SpikeportException;

/**
 * Reads one recording from a CSV file of {@code time,channel} rows: the time of a spike in seconds and
 * the input unit that emitted it.
 *
 * <ul>
 *   <li>UTF-8 text; a byte-order mark at the start is skipped. Lines end with {@code \n} or {@code \r\n} and
 *       are at most {@value #MAX_LINE} characters long.</li>
 *   <li>Blank lines and lines starting with {@code #} are skipped.</li>
 *   <li>The first other line may be a header: two fields, neither a number (for example
 *       {@code time,channel}).</li>
 *   <li>Every other line is an event: exactly two fields, separated by a comma, each optionally enclosed
 *       in double quotes and surrounded by spaces. The time is a finite decimal number {@code >= 0}, the
 *       channel an integer {@code >= 0}.</li>
 *   <li>At least one event, at most {@value #MAX_EVENTS}. Rows may come in any order; events are sorted
 *       by time (rows with equal times keep their order).</li>
 * </ul>
 *
 * Every problem is a {@link SpikeportException} naming the file and, for a bad line, its number.
 */
public final class RecordingCsv {

    /** The most events one recording may hold (an SHD sample has about ten thousand). */
    public static final int MAX_EVENTS = 10_000_000;

    /** The longest line read, in characters. */
    public static final int MAX_LINE = 1000;

    private RecordingCsv() {
    }

    /**
     * Reads the recording of {@code file} (label 0).
     *
     * @throws SpikeportException if the file is missing or unreadable, not UTF-8, has a malformed line, or
     *                            holds no event or more than {@value #MAX_EVENTS}
     */
    public static SpikeRecording read(Path file) {
        double[] times = new double[1024];
        int[] units = new int[1024];
        int n = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            boolean content = false;
            StringBuilder buffer = new StringBuilder();
            String line;
            while ((line = nextLine(in, buffer, file, lineNo + 1)) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] f = fields(s);
                if (f.length != 2) {
                    throw error(file, lineNo, "expected 'time,channel' (two fields), got '" + shorten(s) + "'");
                }
                boolean header = !content && time(f[0]) == null && channel(f[1]) == null;
                content = true;
                if (header) {
                    continue;
                }
                Double t = time(f[0]);
                Integer u = channel(f[1]);
                if (t == null || u == null) {
                    throw error(file, lineNo, "expected a time in seconds and an integer channel, got '" + shorten(s) + "'");
                }
                if (!Double.isFinite(t) || t < 0) {
                    throw error(file, lineNo, "time " + f[0] + " s is not a finite number >= 0");
                }
                if (u < 0) {
                    throw error(file, lineNo, "channel " + u + " is negative");
                }
                if (n == MAX_EVENTS) {
                    throw new SpikeportException(file + ": more than " + MAX_EVENTS + " events; one recording holds at most "
                            + MAX_EVENTS);
                }
                if (n == times.length) {
                    times = Arrays.copyOf(times, Math.min(MAX_EVENTS, 2 * n));
                    units = Arrays.copyOf(units, times.length);
                }
                times[n] = t;
                units[n] = u;
                n++;
            }
        } catch (NoSuchFileException e) {
            throw new SpikeportException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new SpikeportException(file + ", line " + (lineNo + 1) + ": not UTF-8 text; a recording is a UTF-8 CSV file");
        } catch (IOException e) {
            throw new SpikeportException(file + ": cannot read (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")", e);
        }
        if (n == 0) {
            throw new SpikeportException(file + ": no events; expected 'time,channel' rows (seconds, input unit), "
                    + "e.g. 0.0125,42");
        }
        return sorted(Arrays.copyOf(times, n), Arrays.copyOf(units, n));
    }

    /**
     * The next line without its end ({@code \n} or {@code \r\n}), or null at the end of the
     * file; a line longer than {@value #MAX_LINE} characters is an error.
     */
    private static String nextLine(Reader in, StringBuilder buffer, Path file, int lineNo) throws IOException {
        buffer.setLength(0);
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (buffer.length() == MAX_LINE) {
                throw error(file, lineNo, "longer than " + MAX_LINE + " characters; expected 'time,channel'");
            }
            buffer.append((char) c);
            c = in.read();
        }
        int end = buffer.length();
        if (end > 0 && buffer.charAt(end - 1) == '\r') {
            buffer.setLength(end - 1);
        }
        return buffer.toString();
    }

    /** The events in time order; equal times keep their order in the file. */
    private static SpikeRecording sorted(double[] times, int[] units) {
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        double[] t = new double[times.length];
        int[] u = new int[times.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = times[order[i]];
            u[i] = units[order[i]];
        }
        return new SpikeRecording(t, u, 0);
    }

    /** The comma-separated fields of a line, stripped of spaces and of enclosing double quotes. */
    private static String[] fields(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            String s = f[i].strip();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1).strip();
            }
            f[i] = s;
        }
        return f;
    }

    /** A decimal number (no hexadecimal, no {@code NaN} or {@code Infinity} words but those), or null. */
    private static Double time(String s) {
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(Infinity|NaN)")) {
            return null;
        }
        return Double.parseDouble(s);
    }

    private static Integer channel(String s) {
        if (!s.matches("[+-]?\\d{1,10}")) {
            return null;
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) v;
    }

    private static SpikeportException error(Path file, int line, String problem) {
        return new SpikeportException(file + ", line " + line + ": " + problem);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
