using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>The Put Blob of an upload alone, against a scripted storage: its headers, its retries, and no SAS in its errors.</summary>
    public sealed class BlobContainerTests : IDisposable
    {
        private const string WriteSas = "sv=2021-08-06&sr=c&sp=cw&sig=c2VjcmV0LXNpZw%3D%3D";
        private static readonly RetryPolicy FastRetry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));
        private readonly string _file = Path.GetTempFileName();

        public BlobContainerTests() => File.WriteAllBytes(_file, new byte[] { 0xFF, 0xD8, 0xFF, 1, 2, 3 });

        [Fact]
        public async Task APutIsABlockBlobWithItsContentTypeAndIsRetriedAfterA503()
        {
            var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.Created));
            using var http = new HttpClient(handler);

            await Container().PutAsync(http, FastRetry, _file, "abc.jpg", "image/jpeg", null, null, CancellationToken.None);

            Assert.Equal(2, handler.Requests.Count);
            HttpRequestMessage put = handler.Requests[1];
            Assert.Equal(HttpMethod.Put, put.Method);
            Assert.Equal("https://acct.blob.core.windows.net/inputs/abc.jpg?" + WriteSas, put.RequestUri!.OriginalString);
            Assert.Equal("BlockBlob", Assert.Single(put.Headers.GetValues("x-ms-blob-type")));
            Assert.Equal("image/jpeg", put.Content!.Headers.ContentType!.MediaType);
            Assert.Equal(6, put.Content.Headers.ContentLength);
            Assert.False(put.Headers.Contains("Authorization"));
        }

        [Fact]
        public async Task A403IsNotRetriedAndItsErrorQuotesNoSas()
        {
            var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
            using var http = new HttpClient(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => Container().PutAsync(http, FastRetry, _file, "abc.jpg", "image/jpeg", null, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.PermissionDenied, error.Kind);
            Assert.Single(handler.Requests);
            Assert.DoesNotContain("sig", error.Message, StringComparison.Ordinal);
            Assert.Contains("https://acct.blob.core.windows.net/inputs/abc.jpg", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task AStorageThatStallsEachAttemptEndsInAnErrorNotAHang()
        {
            TimeSpan floor = BlobContainer.AttemptFloor;
            BlobContainer.AttemptFloor = TimeSpan.FromMilliseconds(200);
            try
            {
                using var http = new HttpClient(new StallingHandler());
                var error = await Assert.ThrowsAsync<AkoolApiException>(() => Container().PutAsync(http, FastRetry, _file, "abc.jpg", "image/jpeg", null, null, CancellationToken.None));
                Assert.Equal(AkoolErrorKind.ServerUnavailable, error.Kind);
                Assert.IsType<TimeoutException>(error.InnerException);
            }
            finally
            {
                BlobContainer.AttemptFloor = floor;
            }
        }

        [Theory]
        [InlineData("http://acct.blob.core.windows.net/inputs?" + WriteSas)]
        [InlineData("https://acct.blob.core.windows.net/inputs")]
        public void AnUploadUriThatIsPlainHttpOrHasNoSasIsRefused(string upload)
        {
            Assert.Null(BlobContainer.Parse(new Uri(upload), null, out string? problem));
            Assert.DoesNotContain("sig=", problem!, StringComparison.Ordinal);
        }

        [Fact]
        public void AkoolReadsTheBlobWithTheReadSasOrNone()
        {
            Assert.Equal("https://acct.blob.core.windows.net/inputs/abc.jpg?sp=r&sig=x", Container("?sp=r&sig=x").ReadUrl("abc.jpg"));
            Assert.Equal("https://acct.blob.core.windows.net/inputs/abc.jpg", Container().ReadUrl("abc.jpg"));
        }

        public void Dispose() => File.Delete(_file);

        private sealed class StallingHandler : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
        }

        private static BlobContainer Container(string? readSas = null) =>
            BlobContainer.Parse(new Uri("https://acct.blob.core.windows.net/inputs/?" + WriteSas), readSas, out _)!;
    }
}
