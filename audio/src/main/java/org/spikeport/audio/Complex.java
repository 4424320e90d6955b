package org.spikeport.audio;

/**
 * A complex number with the principal branches numpy uses: {@link #sqrt()} and {@link #log()} have their
 * cut along the negative real axis, {@code arg} in (-pi, pi].
 */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);
    static final Complex I = new Complex(0, 1);

    static Complex real(double x) {
        return new Complex(x, 0);
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex plus(double x) {
        return new Complex(re + x, im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex minus(double x) {
        return new Complex(re - x, im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double x) {
        return new Complex(re * x, im * x);
    }

    /** {@code this * i}. */
    Complex timesI() {
        return new Complex(-im, re);
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    Complex conj() {
        return new Complex(re, -im);
    }

    /** Quotient by Smith's algorithm (no overflow for large components). */
    Complex div(Complex o) {
        if (Math.abs(o.re) >= Math.abs(o.im)) {
            double r = o.im / o.re;
            double d = o.re + o.im * r;
            return new Complex((re + im * r) / d, (im - re * r) / d);
        }
        double r = o.re / o.im;
        double d = o.re * r + o.im;
        return new Complex((re * r + im) / d, (im * r - re) / d);
    }

    Complex reciprocal() {
        return ONE.div(this);
    }

    /** {@code |z|} without hypot's overflow guard (the model's magnitudes are far from overflow). */
    double abs() {
        return Math.sqrt(re * re + im * im);
    }

    /** Principal square root: real part >= 0. */
    Complex sqrt() {
        if (re == 0 && im == 0) {
            return new Complex(0, im);
        }
        double t = Math.sqrt((Math.abs(re) + abs()) / 2);
        if (re >= 0) {
            return new Complex(t, im / (2 * t));
        }
        return new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
    }

    /** Principal logarithm. */
    Complex log() {
        return new Complex(0.5 * Math.log(re * re + im * im), Math.atan2(im, re));
    }

    Complex exp() {
        double e = Math.exp(re);
        return new Complex(e * Math.cos(im), e * Math.sin(im));
    }
}
