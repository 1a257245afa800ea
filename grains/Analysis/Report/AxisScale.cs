namespace Goldstone.Grains.Analysis.Report;

/// <summary>A tick: where it sits in data units and what it says.</summary>
internal readonly record struct Tick(double Value, string Label);

/// <summary>Maps data values to pixels along one axis and says where its ticks go.</summary>
internal abstract class AxisScale
{
    /// <summary>Pixel of <paramref name="value"/>.</summary>
    public abstract double Map(double value);

    /// <summary>Ticks in increasing order of value.</summary>
    public abstract IReadOnlyList<Tick> Ticks { get; }

    /// <summary>Added to the axis label: how the axis is scaled, when that is not plain linear.</summary>
    public virtual string LabelNote => "";

    /// <summary>Pixel where the axis line breaks (a log axis with a separate zero), or null.</summary>
    public virtual double? BreakAt => null;

    /// <summary>True when <paramref name="value"/> can be placed on this axis.</summary>
    public virtual bool CanShow(double value) => double.IsFinite(value);
}

/// <summary>A linear axis over the data with "nice" ticks (1, 2 or 5 times a power of ten).</summary>
internal sealed class LinearScale : AxisScale
{
    private const int TargetTicks = 5;
    private readonly double _low, _high, _pixelLow, _pixelHigh;

    /// <summary>A scale covering <paramref name="values"/> (finite ones), from <paramref name="pixelLow"/> to <paramref name="pixelHigh"/>.</summary>
    /// <param name="integer">Ticks at whole numbers only (epochs).</param>
    public LinearScale(IEnumerable<double> values, double pixelLow, double pixelHigh, bool integer = false, string labelNote = "")
    {
        var finite = values.Where(double.IsFinite).ToList();
        var (min, max) = finite.Count == 0 ? (0.0, 1.0) : (finite.Min(), finite.Max());
        // One value, or means a rounding error apart (equal settings summed in another order): centre it in a range
        // wide enough to read, since ticks a few ulps apart would collapse the scale.
        if (max - min <= 1e-9 * Math.Max(Math.Abs(min), Math.Abs(max)))
        {
            var centre = (min + max) / 2;
            var pad = centre == 0 ? 1 : Math.Abs(centre) * 0.1;
            (min, max) = (centre - pad, centre + pad);
        }
        var step = NiceStep((max - min) / TargetTicks);
        if (integer) step = Math.Max(1, Math.Round(step));
        // A bound a rounding error past a tick snaps to it rather than adding a tick.
        _low = Math.Floor(min / step + 1e-9) * step;
        _high = Math.Ceiling(max / step - 1e-9) * step;
        (_pixelLow, _pixelHigh) = (pixelLow, pixelHigh);
        var ticks = new List<Tick>();
        var count = (int)Math.Round((_high - _low) / step);
        for (var i = 0; i <= count; i++)
        {
            var value = _low + i * step;
            if (Math.Abs(value) < step * 1e-9) value = 0;
            ticks.Add(new Tick(value, Markup.Tick(value)));
        }
        Ticks = ticks;
        LabelNote = labelNote;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tick> Ticks { get; }

    /// <inheritdoc />
    public override string LabelNote { get; }

    /// <inheritdoc />
    public override double Map(double value) => _pixelLow + (value - _low) / (_high - _low) * (_pixelHigh - _pixelLow);

    /// <summary>The smallest of 1, 2, 5 × 10^k that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}

/// <summary>
/// A log₁₀ axis over whole decades. A zero among the values cannot sit on a log axis, so it gets its own tick at the
/// low end, separated from the decades by a gap and a break in the axis line; the label says so.
/// </summary>
internal sealed class LogScale : AxisScale
{
    /// <summary>Pixels between the zero tick and the first decade.</summary>
    public const double ZeroGap = 28;

    private readonly double _lowDecade, _highDecade, _pixelLow, _pixelHigh, _logPixelLow;
    private readonly bool _hasZero;

    /// <summary>A scale covering <paramref name="values"/>, all of them ≥ 0 and at least one &gt; 0.</summary>
    public LogScale(IEnumerable<double> values, double pixelLow, double pixelHigh)
    {
        var all = values.Where(double.IsFinite).ToList();
        if (all.Any(v => v < 0) || !all.Any(v => v > 0)) throw new ArgumentException("a log axis needs values ≥ 0, at least one > 0", nameof(values));
        var positive = all.Where(v => v > 0).ToList();
        _hasZero = all.Contains(0);
        _lowDecade = Math.Floor(Math.Log10(positive.Min()));
        _highDecade = Math.Ceiling(Math.Log10(positive.Max()));
        if (_highDecade == _lowDecade) _highDecade++;
        (_pixelLow, _pixelHigh) = (pixelLow, pixelHigh);
        _logPixelLow = _hasZero ? pixelLow + Math.Sign(pixelHigh - pixelLow) * ZeroGap : pixelLow;

        var ticks = new List<Tick>();
        if (_hasZero) ticks.Add(new Tick(0, "0"));
        var decades = (int)(_highDecade - _lowDecade);
        var every = Math.Max(1, (int)Math.Ceiling(decades / 8.0));
        for (var k = 0; k <= decades; k++)
        {
            var power = Math.Pow(10, _lowDecade + k);
            if (k % every == 0) ticks.Add(new Tick(power, Markup.Tick(power)));
            // One decade alone reads badly: add 2× and 5×.
            if (decades == 1 && k == 0) ticks.AddRange(new[] { 2.0, 5.0 }.Select(m => new Tick(m * power, Markup.Tick(m * power))));
        }
        Ticks = ticks;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Tick> Ticks { get; }

    /// <inheritdoc />
    public override string LabelNote => _hasZero ? " (log scale; 0 shown apart at the left)" : " (log scale)";

    /// <inheritdoc />
    public override double? BreakAt => _hasZero ? (_pixelLow + _logPixelLow) / 2 : null;

    /// <inheritdoc />
    public override bool CanShow(double value) => double.IsFinite(value) && (value > 0 || (value == 0 && _hasZero));

    /// <inheritdoc />
    public override double Map(double value)
    {
        if (value == 0 && _hasZero) return _pixelLow;
        var fraction = (Math.Log10(value) - _lowDecade) / (_highDecade - _lowDecade);
        return _logPixelLow + fraction * (_pixelHigh - _logPixelLow);
    }
}
