/**
 * Import of networks trained by other tools, from their {@code state_dict} saved with
 * {@code numpy.savez}: {@link org.spikeport.trainer.importer.ReferenceImport} converts one of the
 * reference DCLS implementation (SNN-delays), {@link org.spikeport.trainer.importer.DelRecImport} one of
 * DelRec (learned delays on recurrent connections), each into a
 * {@link org.spikeport.core.ir.TrainedModel}; {@link org.spikeport.trainer.importer.Npz} and
 * {@link org.spikeport.trainer.importer.Npy} read NumPy's archive and array formats without a Python
 * runtime.
 */
package org.spikeport.trainer.importer;
