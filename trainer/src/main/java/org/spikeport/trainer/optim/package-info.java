/**
 * Optimisation: Adam with parameter groups and the per-epoch schedules of the reference training
 * (one-cycle for weights, cosine annealing for delays, the exponential decrease of the DCLS kernel
 * width). Schedules are pure functions of the epoch, so a resumed run gets exactly the values an
 * uninterrupted one would.
 */
package org.spikeport.trainer.optim;
