package org.spikeport.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent executor of a RANC simulator input file, written from the RANC simulator's
 * documented behaviour (github.com/UA-RCL/RANC, {@code simulator/README.md}, {@code rancgrid.cpp},
 * {@code schedulersram.cpp}, {@code corecontroller.cpp}, {@code neuronblock.cpp}) for tests. It reads the
 * JSON text itself (a minimal parser below), not spikeport's in-memory layout.
 *
 * <ul>
 *   <li>Each core's scheduler has {@code max_tick_offset} = 16 rows of one bit per axon; a packet with
 *       {@code destination_tick} f is written to row {@code current + f + 1} (mod 16). Writing the
 *       current row or a bit already set is an error here (RANC drops the spike with a warning).</li>
 *   <li>{@code packets[0]} is delivered before tick 1; in tick {@code T = 1, 2, ...} every core advances
 *       its current row, then {@code packets[T]} is delivered, then every core runs its neurons in
 *       order, routing each spike to its destination core's scheduler at once.</li>
 *   <li>A neuron: {@code v += weights[axons[a]]} for each axon {@code a} that is connected and has a
 *       spike, {@code v += leak}, spike iff {@code v >= positive_threshold}; then (reset type 0) spike:
 *       mode 0 {@code reset_potential}, mode 1 {@code v - positive_threshold}; else {@code v <
 *       negative_threshold}: mode 0 {@code -reset_potential}, mode 1 {@code v - negative_threshold}.</li>
 * </ul>
 * Potentials are Java longs: like RANC's C++ simulator (32-bit int) they do not wrap at a narrower width.
 */
final class RancExecutor {

    /** Per tick (index T - 1 for tick T): the spiking neurons of each core, and every listed neuron's potential after the tick. */
    record Trace(List<Map<Integer, List<Integer>>> spikes, List<long[][]> potentials) {
    }

    private static final class Core {
        int x;
        int y;
        int[] axonTypes;
        long[][] weights;
        long[] leak;
        long[] alpha;
        long[] beta;
        long[] reset;
        int[] mode;
        int[] dx;
        int[] dy;
        int[] destAxon;
        int[] destTick;
        boolean[][] connections;
        long[] v;
        boolean[][] rows;
        int current;
    }

    private final List<Core> cores = new ArrayList<>();
    private final Map<Long, Integer> byXY = new LinkedHashMap<>();
    private final List<List<int[]>> packets = new ArrayList<>();
    private final int busX;
    private final int busY;
    private final int maxTickOffset;

    @SuppressWarnings("unchecked")
    RancExecutor(String inputJson, String configJson) {
        Map<String, Object> config = (Map<String, Object>) new Parser(configJson).value();
        maxTickOffset = ((Long) config.get("max_tick_offset")).intValue();
        int numAxons = ((Long) config.get("num_axons")).intValue();
        if (((Long) config.get("neuron_reset_type")) != 0) {
            throw new IllegalArgumentException("this executor implements neuron_reset_type 0 only");
        }
        Map<String, Object> doc = (Map<String, Object>) new Parser(inputJson).value();
        List<Object> bus = (List<Object>) ((Map<String, Object>) doc.get("output_bus")).get("coordinates");
        busX = ((Long) bus.get(0)).intValue();
        busY = ((Long) bus.get(1)).intValue();
        for (Object tick : (List<Object>) doc.get("packets")) {
            List<int[]> list = new ArrayList<>();
            for (Object p : (List<Object>) tick) {
                Map<String, Object> m = (Map<String, Object>) p;
                List<Object> c = (List<Object>) m.get("destination_core");
                list.add(new int[] {i(c.get(0)), i(c.get(1)), i(m.get("destination_axon")), i(m.get("destination_tick"))});
            }
            packets.add(list);
        }
        for (Object o : (List<Object>) doc.get("cores")) {
            Map<String, Object> m = (Map<String, Object>) o;
            Core c = new Core();
            List<Object> xy = (List<Object>) m.get("coordinates");
            c.x = i(xy.get(0));
            c.y = i(xy.get(1));
            List<Object> axons = (List<Object>) m.get("axons");
            c.axonTypes = axons.stream().mapToInt(RancExecutor::i).toArray();
            List<Object> neurons = (List<Object>) m.get("neurons");
            List<Object> conn = (List<Object>) m.get("connections");
            int n = neurons.size();
            c.weights = new long[n][];
            c.leak = new long[n];
            c.alpha = new long[n];
            c.beta = new long[n];
            c.reset = new long[n];
            c.mode = new int[n];
            c.dx = new int[n];
            c.dy = new int[n];
            c.destAxon = new int[n];
            c.destTick = new int[n];
            c.connections = new boolean[n][numAxons];
            c.v = new long[n];
            for (int k = 0; k < n; k++) {
                Map<String, Object> nm = (Map<String, Object>) neurons.get(k);
                c.weights[k] = ((List<Object>) nm.get("weights")).stream().mapToLong(x -> (Long) x).toArray();
                c.leak[k] = (Long) nm.get("leak");
                c.alpha[k] = (Long) nm.get("positive_threshold");
                c.beta[k] = (Long) nm.get("negative_threshold");
                c.reset[k] = (Long) nm.get("reset_potential");
                c.mode[k] = i(nm.get("reset_mode"));
                List<Object> off = (List<Object>) nm.get("destination_core_offset");
                c.dx[k] = i(off.get(0));
                c.dy[k] = i(off.get(1));
                c.destAxon[k] = i(nm.get("destination_axon"));
                c.destTick[k] = i(nm.get("destination_tick"));
                c.v[k] = (Long) nm.get("current_potential");
                List<Object> row = (List<Object>) conn.get(k);
                for (int a = 0; a < row.size(); a++) {
                    c.connections[k][a] = (Long) row.get(a) == 1;
                }
            }
            c.rows = new boolean[maxTickOffset][numAxons];
            c.current = maxTickOffset - 1;
            byXY.put(((long) c.x << 32) | c.y, cores.size());
            cores.add(c);
        }
    }

    private static int i(Object o) {
        return ((Long) o).intValue();
    }

    private void deliver(int x, int y, int axon, int tick) {
        if (x == busX && y == busY) {
            return;
        }
        Integer idx = byXY.get(((long) x << 32) | y);
        if (idx == null) {
            throw new IllegalStateException("a packet goes to (" + x + ", " + y + "), where no core is configured");
        }
        Core c = cores.get(idx);
        int row = (c.current + tick + 1) % maxTickOffset;
        if (row == c.current) {
            throw new IllegalStateException("destination_tick " + tick + " lands on the current row of core (" + x + ", "
                    + y + ")");
        }
        if (c.rows[row][axon]) {
            throw new IllegalStateException("two spikes for axon " + axon + " of core (" + x + ", " + y + ") in one tick");
        }
        c.rows[row][axon] = true;
    }

    /** Runs {@code ticks} ticks; entry {@code T - 1} of the trace is tick {@code T}, by core index in the file. */
    Trace run(int ticks) {
        List<Map<Integer, List<Integer>>> spikes = new ArrayList<>();
        List<long[][]> potentials = new ArrayList<>();
        if (!packets.isEmpty()) {
            for (int[] p : packets.get(0)) {
                deliver(p[0], p[1], p[2], p[3]);
            }
        }
        for (int tick = 1; tick <= ticks; tick++) {
            for (Core c : cores) {
                c.current = (c.current + 1) % maxTickOffset;
            }
            if (tick < packets.size()) {
                for (int[] p : packets.get(tick)) {
                    deliver(p[0], p[1], p[2], p[3]);
                }
            }
            Map<Integer, List<Integer>> fired = new LinkedHashMap<>();
            long[][] pot = new long[cores.size()][];
            for (int ci = 0; ci < cores.size(); ci++) {
                Core c = cores.get(ci);
                boolean[] in = c.rows[c.current];
                for (int k = 0; k < c.v.length; k++) {
                    long v = c.v[k];
                    for (int a = 0; a < in.length; a++) {
                        if (in[a] && c.connections[k][a]) {
                            v += c.weights[k][c.axonTypes[a]];
                        }
                    }
                    v += c.leak[k];
                    if (v >= c.alpha[k]) {
                        fired.computeIfAbsent(ci, x -> new ArrayList<>()).add(k);
                        deliver(c.x + c.dx[k], c.y + c.dy[k], c.destAxon[k], c.destTick[k]);
                        c.v[k] = c.mode[k] == 0 ? c.reset[k] : v - c.alpha[k];
                    } else if (v < c.beta[k]) {
                        c.v[k] = c.mode[k] == 0 ? -c.reset[k] : v - c.beta[k];
                    } else {
                        c.v[k] = v;
                    }
                }
                java.util.Arrays.fill(in, false);
                pot[ci] = c.v.clone();
            }
            spikes.add(fired);
            potentials.add(pot);
        }
        return new Trace(spikes, potentials);
    }

    /** A minimal JSON parser: objects, arrays, integers, strings without escapes. */
    private static final class Parser {
        private final String s;
        private int p;

        Parser(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(p);
            if (c == '{') {
                p++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (s.charAt(p) == '}') {
                    p++;
                    return m;
                }
                while (true) {
                    skip();
                    String key = (String) value();
                    skip();
                    expect(':');
                    m.put(key, value());
                    skip();
                    if (s.charAt(p) == ',') {
                        p++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                p++;
                List<Object> l = new ArrayList<>();
                skip();
                if (s.charAt(p) == ']') {
                    p++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(p) == ',') {
                        p++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                int end = s.indexOf('"', p + 1);
                String out = s.substring(p + 1, end);
                p = end + 1;
                return out;
            }
            int start = p;
            if (c == '-') {
                p++;
            }
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
            if (start == p || p < s.length() && (s.charAt(p) == '.' || s.charAt(p) == 'e')) {
                throw new IllegalArgumentException("not an integer at offset " + start);
            }
            return Long.parseLong(s.substring(start, p));
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private void expect(char c) {
            if (s.charAt(p) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + p + ", found '" + s.charAt(p) + "'");
            }
            p++;
        }
    }
}
