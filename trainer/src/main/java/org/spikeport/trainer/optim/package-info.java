/**
 * Optimisation: Adam with parameter groups (L2 or decoupled, AdamW, weight decay) and the per-epoch
 * schedules of the reference trainings (one-cycle for weights, cosine annealing for delays, the
 * exponential decrease of the DCLS kernel width, and DelRec's decrease of its recurrent kernel width).
 * Schedules are pure functions of the epoch, so a resumed run gets exactly the values an uninterrupted
 * one would.
 */
package org.spikeport.trainer.optim;
