namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>
    /// Marks a method that never returns (it always throws), so nullable analysis knows what follows a call to it.
    /// netstandard2.0 lacks the attribute; the compiler recognises it by name, so this internal copy is enough.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}
