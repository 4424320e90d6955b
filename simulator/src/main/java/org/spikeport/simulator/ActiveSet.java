package org.spikeport.simulator;

/**
 * Bookkeeping shared by the event-driven layers: the neurons to update in a step are those touched by
 * input plus those that were not at rest after the previous step (which includes every neuron whose
 * rule moves it from rest). Each step's list is built once, without duplicates, in O(listed).
 */
final class ActiveSet {

    private final boolean[] listed;
    private final boolean[] restless;
    private int[] carried;
    private int carriedCount;
    private int[] next;
    private int nextCount;
    private final int[] list;
    private int listCount;

    /** {@code restless[i]}: neuron i leaves rest without input, so it is updated every step. */
    ActiveSet(boolean[] restless) {
        int n = restless.length;
        this.restless = restless.clone();
        this.listed = new boolean[n];
        this.carried = new int[n];
        this.next = new int[n];
        this.list = new int[n];
        for (int i = 0; i < n; i++) {
            if (restless[i]) {
                carried[carriedCount++] = i;
            }
        }
    }

    /** Starts a step's list with the carried neurons (those not at rest, and the restless). */
    void begin() {
        listCount = 0;
        nextCount = 0;
        for (int k = 0; k < carriedCount; k++) {
            add(carried[k]);
        }
    }

    /** Adds a neuron to this step's list (no effect when already listed). */
    void add(int neuron) {
        if (!listed[neuron]) {
            listed[neuron] = true;
            list[listCount++] = neuron;
        }
    }

    int size() {
        return listCount;
    }

    int get(int k) {
        return list[k];
    }

    /** After updating listed neuron {@code neuron}: it is carried into the next step unless at rest. */
    void updated(int neuron, boolean atRest) {
        listed[neuron] = false;
        if (!atRest || restless[neuron]) {
            next[nextCount++] = neuron;
        }
    }

    /** Ends the step: the neurons kept by {@link #updated} are carried. */
    void end() {
        int[] t = carried;
        carried = next;
        next = t;
        carriedCount = nextCount;
    }
}
