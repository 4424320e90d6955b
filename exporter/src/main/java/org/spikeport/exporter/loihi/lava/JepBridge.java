package org.spikeport.exporter.loihi.lava;

import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.MainInterpreter;
import jep.PyConfig;
import jep.SharedInterpreter;
import org.spikeport.core.Failures;
import org.spikeport.core.SpikeportException;

/**
 * The JVM's one embedded CPython (jep), used from one dedicated daemon thread.
 *
 * <p>jep binds an interpreter to the thread that created it, and CPython can be initialized once per
 * process, with one home and one jep native library. So the first call fixes the
 * {@link LavaEnvironment} for the life of the JVM ({@code MainInterpreter.setJepLibraryPath},
 * {@code PyConfig.setHome}); a later call with another interpreter is an error. Every task runs on the
 * thread {@value #THREAD}, which creates a {@link SharedInterpreter} on first use, adds the
 * environment's site-packages with {@code site.addsitedir}, loads {@code spikeport_lava.py} from this
 * package's resources as the module {@code spikeport_lava}, and keeps the interpreter for later
 * tasks. Python's standard output and error go to the JVM's standard error.
 */
final class JepBridge {

    /** Name of the thread that owns the interpreter. */
    static final String THREAD = "spikeport-jep";

    /** Work done with the interpreter, on its thread. */
    @FunctionalInterface
    interface Task<T> {
        T run(Interpreter python) throws JepException;
    }

    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD);
        t.setDaemon(true);
        return t;
    });

    private static LavaEnvironment bound;
    private static Interpreter interpreter;

    private JepBridge() {
    }

    /** Runs {@code task} on the interpreter's thread and returns its result. */
    static <T> T call(LavaEnvironment env, Task<T> task) {
        Future<T> f = EXECUTOR.submit(() -> task.run(interpreter(env)));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeportException("interrupted while waiting for the embedded Python", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SpikeportException s) {
                throw s;
            }
            if (c instanceof JepException j) {
                throw new SpikeportException("Python (" + env.python() + ") raised: " + j.getMessage(), j);
            }
            throw Failures.unchecked(c);
        }
    }

    /** The interpreter, created for {@code env} on first use; runs on {@value #THREAD} only. */
    private static Interpreter interpreter(LavaEnvironment env) throws JepException {
        if (bound != null) {
            if (!bound.python().equals(env.python())) {
                throw new SpikeportException("this JVM already embeds " + bound.python() + "; one process can embed one "
                        + "Python, so run spikeport again to use " + env.python());
            }
            return interpreter;
        }
        try {
            MainInterpreter.setJepLibraryPath(env.jepLibrary().toString());
            MainInterpreter.setInitParams(new PyConfig().setHome(env.basePrefix().toString()));
            OutputStream err = new OutputStream() {
                @Override
                public void write(int b) {
                    System.err.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    System.err.write(b, off, len);
                }
            };
            SharedInterpreter.setConfig(new JepConfig().addIncludePaths(env.sitePackages().toString())
                    .redirectStdout(err).redirectStdErr(err));
        } catch (IllegalStateException e) {
            throw new SpikeportException("jep was already initialized in this JVM by other code; the Lava bridge "
                    + "cannot choose its Python (" + e.getMessage() + ")", e);
        }
        Interpreter py;
        try {
            py = new SharedInterpreter();
        } catch (LinkageError | JepException e) {
            throw LavaEnvironment.unavailable("jep could not start " + env.python() + " from " + env.jepLibrary() + " ("
                    + e.getMessage() + "); jep must be built against this venv's Python");
        }
        py.set("_spikeport_site", env.sitePackages().toString());
        py.set("_spikeport_source", LavaEnvironment.moduleSource());
        py.exec("import site, sys, types\n"
                + "site.addsitedir(_spikeport_site)\n"
                + "spikeport_lava = types.ModuleType('spikeport_lava')\n"
                + "spikeport_lava.__file__ = 'spikeport_lava.py'\n"
                + "exec(compile(_spikeport_source, 'spikeport_lava.py', 'exec'), spikeport_lava.__dict__)\n"
                + "sys.modules['spikeport_lava'] = spikeport_lava\n"
                + "del _spikeport_site, _spikeport_source");
        bound = env;
        interpreter = py;
        return py;
    }
}
