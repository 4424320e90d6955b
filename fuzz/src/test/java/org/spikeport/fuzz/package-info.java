/**
 * Jazzer fuzz targets, one per reader of user files: model files ({@code model.pb}, {@code network.pb},
 * checkpoints), hardware profiles, HDF5 spike datasets (flat and published layouts), event CSV recordings,
 * and NumPy archives with both importers. Each checks {@link org.spikeport.fuzz.Contract} on every input.
 *
 * <p>A plain {@code mvn verify} runs every target on its committed inputs
 * ({@code src/test/resources/org/spikeport/fuzz/<Target>Inputs/<method>/}: seeds and every finding) and
 * then fuzzes each for a few seconds, one JVM per target; {@code docs/robustness.md} has the commands
 * for longer campaigns and their results.
 */
package org.spikeport.fuzz;
