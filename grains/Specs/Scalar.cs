using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>The type YAML's core schema gives a scalar.</summary>
internal enum ScalarType
{
    Null,
    Boolean,
    Integer,
    Real,
    String,
}

/// <summary>A typed YAML scalar: plain scalars are resolved (null, bool, int, float); quoted ones stay strings.</summary>
internal readonly record struct Scalar(ScalarType Type, string Text, long Integer, double Number, bool Boolean)
{
    public static Scalar Of(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return new Scalar(ScalarType.String, text, 0, 0, false);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new Scalar(ScalarType.Null, text, 0, 0, false);
            case "true" or "True" or "TRUE":
                return new Scalar(ScalarType.Boolean, text, 0, 0, true);
            case "false" or "False" or "FALSE":
                return new Scalar(ScalarType.Boolean, text, 0, 0, false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return new Scalar(ScalarType.Integer, text, integer, integer, false);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return new Scalar(ScalarType.Real, text, 0, real, false);
        return new Scalar(ScalarType.String, text, 0, 0, false);
    }
}
