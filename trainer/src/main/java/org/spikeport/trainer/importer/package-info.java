/**
 * Import of networks trained by other tools: {@link org.spikeport.trainer.importer.ReferenceImport}
 * converts a {@code state_dict} of the reference DCLS implementation (SNN-delays), saved with
 * {@code numpy.savez}, into a {@link org.spikeport.core.ir.TrainedModel}; {@link
 * org.spikeport.trainer.importer.Npz} and {@link org.spikeport.trainer.importer.Npy} read NumPy's
 * archive and array formats without a Python runtime.
 */
package org.spikeport.trainer.importer;
