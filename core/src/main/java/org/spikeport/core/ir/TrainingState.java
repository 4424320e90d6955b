package org.spikeport.core.ir;

import java.util.List;
import java.util.Objects;

/**
 * What a training run needs besides the current network to continue exactly as if it had not been
 * interrupted: the optimizer's state and which model has been selected so far.
 *
 * @param current       the model after the last finished epoch
 * @param epochsDone    number of finished epochs
 * @param optimizer     Adam state per parameter group
 * @param selected      the model selected so far (best on validation, else the last epoch)
 * @param selectedEpoch the epoch {@code selected} comes from
 * @param selectedScore its selection score (validation accuracy; NaN without validation)
 */
public record TrainingState(
        TrainedModel current,
        int epochsDone,
        List<OptimizerGroup> optimizer,
        TrainedModel selected,
        int selectedEpoch,
        double selectedScore) {

    /** Adam state of one parameter group: update count and both moments per parameter. */
    public record OptimizerGroup(String name, long steps, List<Tensor> firstMoments, List<Tensor> secondMoments) {
        public OptimizerGroup {
            Checks.require(firstMoments.size() == secondMoments.size(), "optimizer group '" + name + "'",
                    firstMoments.size() + " first moments but " + secondMoments.size() + " second moments");
            firstMoments = List.copyOf(firstMoments);
            secondMoments = List.copyOf(secondMoments);
        }
    }

    /** A dense float tensor in C order. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long s : shape) {
                Checks.require(s >= 0, "tensor", "negative dimension " + s);
                n *= s;
            }
            Checks.length("tensor", "values", values.length, n);
        }
    }

    public TrainingState {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(selected, "selected");
        Checks.require(epochsDone >= 1, "checkpoint", "epochs done must be >= 1, got " + epochsDone);
        optimizer = List.copyOf(optimizer);
    }
}
