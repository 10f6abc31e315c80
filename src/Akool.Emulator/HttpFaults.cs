using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>The faults that answer with a non-200 HTTP status before anything is processed (API and downloads alike).</summary>
    internal static class HttpFaults
    {
        private const string ServiceUnavailable =
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";

        private const string BadGateway =
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        /// <summary>Answers 503, 429 or 502 when one of those faults strikes (in that order); true when it did.</summary>
        public static async Task<bool> TryAnswerNotProcessedAsync(HttpContext context, EmulatorEndpoints endpoint, EmulatorFaults faults, FaultDice dice, RequestRecorder recorder)
        {
            if (dice.Roll(faults.Http503, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.Http503));
                await WriteAsync(context, recorder, StatusCodes.Status503ServiceUnavailable, "text/html", ServiceUnavailable).ConfigureAwait(false);
                return true;
            }

            if (dice.Roll(faults.Http429, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.Http429));
                context.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, recorder, StatusCodes.Status429TooManyRequests, "text/plain", "Too Many Requests").ConfigureAwait(false);
                return true;
            }

            if (dice.Roll(faults.HtmlAnswer, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.HtmlAnswer));
                await WriteAsync(context, recorder, StatusCodes.Status502BadGateway, "text/html", BadGateway).ConfigureAwait(false);
                return true;
            }

            return false;
        }

        private static async Task WriteAsync(HttpContext context, RequestRecorder recorder, int status, string contentType, string text)
        {
            byte[] body = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            recorder.Record(context, null);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
