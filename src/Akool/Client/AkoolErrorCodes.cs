namespace Akool.Client
{
    internal static class AkoolErrorCodes
    {
        public const int Success = 1000;
        public const int ParameterError = 1003;
        public const int FrequentOperation = 1005;
        public const int InvalidToken = 1101;

        public static AkoolErrorKind Classify(int code)
        {
            switch (code)
            {
                case 1003: return AkoolErrorKind.InvalidArgument;
                case 1005: return AkoolErrorKind.Throttled;
                case 1006: case 1103: case 1104: case 1213: case 1221: return AkoolErrorKind.Quota;
                case 1008: return AkoolErrorKind.NotFound;
                case 1009: case 1200: return AkoolErrorKind.PermissionDenied;
                case 1015: case 1201: return AkoolErrorKind.ServerUnavailable;
                case 1101: case 1102: case 1109: return AkoolErrorKind.Authentication;
                default: return AkoolErrorKind.Other;
            }
        }

        // A documented code proves the request was refused, so a create answered with it made no video; any other code
        // after a create is an unknown outcome. Every code Classify names is in the contract's table.
        public static bool IsKnownRefusal(int code) => Classify(code) != AkoolErrorKind.Other;
    }
}
