package org.spikeport.trainer.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.spikeport.trainer.nn.FloatCells;

/**
 * Adam with parameter groups, as PyTorch's {@code torch.optim.Adam} (weight decay as an L2 term added
 * to the gradient, {@link WeightDecay#L2}, the default) or {@code torch.optim.AdamW} (decoupled weight
 * decay, {@link WeightDecay#DECOUPLED}). For each parameter {@code p} with gradient {@code g}, at its
 * group's step count {@code k} (1 for the first update):
 *
 * <pre>
 *   L2:         g  = g + weightDecay * p
 *   DECOUPLED:  p  = p (1 - lr * weightDecay)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g^2
 *   p -= lr / (1 - beta1^k) * m / (sqrt(v) / sqrt(1 - beta2^k) + eps)
 * </pre>
 *
 * {@code lr} and {@code beta1} are read from the group at every step, so schedules can change them.
 * Parameters are updated in place in their own data type.
 */
public final class Adam {

    /** How a group's weight decay enters the update. */
    public enum WeightDecay {
        /** Added to the gradient, {@code g + weightDecay * p} ({@code torch.optim.Adam}). */
        L2,
        /** Applied to the parameter before the update, {@code p (1 - lr * weightDecay)} ({@code torch.optim.AdamW}). */
        DECOUPLED
    }

    /** A group of parameters sharing hyper-parameters; {@code params.get(i)}'s gradient is {@code grads.get(i)}. */
    public static final class Group {
        private final String name;
        private final List<INDArray> params;
        private final List<INDArray> grads;
        private final List<INDArray> m = new ArrayList<>();
        private final List<INDArray> v = new ArrayList<>();
        private double lr;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private final double weightDecay;
        private final WeightDecay decayMode;
        private long steps;
        private boolean fused = true;

        /** A group with L2 weight decay ({@link WeightDecay#L2}). */
        public Group(String name, List<INDArray> params, List<INDArray> grads, double lr, double weightDecay) {
            this(name, params, grads, lr, weightDecay, WeightDecay.L2);
        }

        public Group(String name, List<INDArray> params, List<INDArray> grads, double lr, double weightDecay,
                     WeightDecay decayMode) {
            if (params.size() != grads.size()) {
                throw new IllegalArgumentException("group '" + name + "': " + params.size() + " parameters but "
                        + grads.size() + " gradients");
            }
            this.name = name;
            this.params = List.copyOf(params);
            this.grads = List.copyOf(grads);
            this.lr = lr;
            this.weightDecay = weightDecay;
            this.decayMode = Objects.requireNonNull(decayMode, "decayMode");
            for (INDArray p : params) {
                m.add(Nd4j.zeros(p.dataType(), p.shape()));
                v.add(Nd4j.zeros(p.dataType(), p.shape()));
            }
        }

        public String name() {
            return name;
        }

        public void lr(double lr) {
            this.lr = lr;
        }

        public double lr() {
            return lr;
        }

        public void beta1(double beta1) {
            this.beta1 = beta1;
        }

        public double beta1() {
            return beta1;
        }

        public double weightDecay() {
            return weightDecay;
        }

        public WeightDecay weightDecayMode() {
            return decayMode;
        }

        /** Number of updates applied so far. */
        public long steps() {
            return steps;
        }

        /** First-moment estimates, one per parameter (live arrays: checkpoints read and restore them). */
        public List<INDArray> firstMoments() {
            return m;
        }

        /** Second-moment estimates, one per parameter. */
        public List<INDArray> secondMoments() {
            return v;
        }

        /** Restores the update count (with the moments, for an exact resume). */
        public void steps(long steps) {
            this.steps = steps;
        }

        /** Whether plain float32 parameters are updated in one loop (default) or by array operations; for tests. */
        void setFused(boolean fused) {
            this.fused = fused;
        }

        void step() {
            steps++;
            double bc1 = 1 - Math.pow(beta1, steps);
            double bc2 = 1 - Math.pow(beta2, steps);
            for (int i = 0; i < params.size(); i++) {
                INDArray p = params.get(i);
                INDArray g = grads.get(i);
                if (fused && FloatCells.plain(p) && FloatCells.plain(g) && FloatCells.plain(m.get(i))
                        && FloatCells.plain(v.get(i))) {
                    stepFloat(p, g, m.get(i), v.get(i), bc1, bc2);
                    continue;
                }
                if (weightDecay != 0 && decayMode == WeightDecay.L2) {
                    g = g.add(p.mul(weightDecay));
                }
                if (weightDecay != 0 && decayMode == WeightDecay.DECOUPLED) {
                    p.muli(1 - lr * weightDecay);
                }
                INDArray mi = m.get(i);
                INDArray vi = v.get(i);
                mi.muli(beta1).addi(g.mul(1 - beta1));
                vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
                INDArray denom = Transforms.sqrt(vi, true).divi(Math.sqrt(bc2)).addi(eps);
                p.subi(mi.div(denom).muli(lr / bc1));
            }
        }

        /**
         * The update of one float32 parameter in one loop over its elements, with the float32 steps of the
         * array operations (every scalar rounded to float first), reading and writing the native buffers in
         * bulk.
         */
        private void stepFloat(INDArray p, INDArray g, INDArray mi, INDArray vi, double bc1, double bc2) {
            int n = (int) p.length();
            float[] pv = FloatCells.values(p);
            float[] gv = FloatCells.values(g);
            float[] mv = FloatCells.values(mi);
            float[] vv = FloatCells.values(vi);
            boolean l2 = weightDecay != 0 && decayMode == WeightDecay.L2;
            boolean decoupled = weightDecay != 0 && decayMode == WeightDecay.DECOUPLED;
            float wd = (float) weightDecay;
            float shrink = (float) (1 - lr * weightDecay);
            float b1 = (float) beta1;
            float c1 = (float) (1 - beta1);
            float b2 = (float) beta2;
            float c2 = (float) (1 - beta2);
            float root = (float) Math.sqrt(bc2);
            float e = (float) eps;
            float step = (float) (lr / bc1);
            for (int k = 0; k < n; k++) {
                float gk = l2 ? gv[k] + pv[k] * wd : gv[k];
                float pk = decoupled ? pv[k] * shrink : pv[k];
                float mk = mv[k] * b1 + gk * c1;
                float vk = vv[k] * b2 + gk * gk * c2;
                mv[k] = mk;
                vv[k] = vk;
                pv[k] = pk - mk / ((float) Math.sqrt(vk) / root + e) * step;
            }
            FloatCells.write(pv, p);
            FloatCells.write(mv, mi);
            FloatCells.write(vv, vi);
        }
    }

    private final List<Group> groups;

    public Adam(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    public List<Group> groups() {
        return groups;
    }

    /** Applies one update to every group with a positive learning rate. */
    public void step() {
        for (Group g : groups) {
            if (g.lr > 0) {
                g.step();
            }
        }
    }
}
