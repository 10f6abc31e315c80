using System;
using System.Globalization;
using System.Management.Automation;

namespace Akool
{
    /// <summary>Lets a TimeSpan parameter take seconds, as the <c>…Sec</c> parameters of Invoke-RestMethod do.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc />
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null or TimeSpan:
                    return value;
                case int or long or double or decimal or float or short or byte:
                    return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                    return FromSeconds(seconds);
                case string text when TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out TimeSpan span):
                    return span;
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"'{value}' is neither a number of seconds nor a time span (such as 600 or '00:10:00').");
            }
        }

        private static TimeSpan FromSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
            {
                throw new ArgumentTransformationMetadataException($"{seconds.ToString(CultureInfo.InvariantCulture)} seconds is not a usable duration.");
            }
            return TimeSpan.FromSeconds(seconds);
        }
    }
}
