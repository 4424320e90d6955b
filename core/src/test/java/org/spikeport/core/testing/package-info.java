/** Test support shared by every module through core's test jar: the test venv's Python and its scripts. */
package org.spikeport.core.testing;
