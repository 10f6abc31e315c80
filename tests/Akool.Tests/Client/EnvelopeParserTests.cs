using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// The envelope reader that builds only the data fields a call reads: same answers as a whole parse for what is
    /// read, the same strictness for what is not JSON.
    /// </summary>
    public sealed class EnvelopeParserTests
    {
        // Every field a real info answer carries, numbers as strings where Akool has sent them so, an unread nested
        // object and array, and a comment: the shapes the reader must read past.
        private const string RichAnswer = "{\"code\":\"1000\",\"msg\":\"OK\",\"data\":{" +
            "\"faceswap_quality\":2,\"storage_loc\":1,\"_id\":\"64dd838cf0b6684651e90217\",\"create_time\":\"1692242169057\"," +
            "\"uid\":378337,\"type\":5,\"from\":2,\"video_id\":\"788bcd2b09320d0b\",\"video_lock_duration\":7.91," +
            "\"deduction_lock_duration\":10,/* unread */\"external_video\":\"\",\"talking_photo\":\"https://i.example.com/f.jpg\"," +
            "\"nested\":{\"a\":[1,{\"b\":\"}\"}]},\"list\":[[],{}],\"video\":\"https://cdn.example.com/v.mp4\",\"__v\":0," +
            "\"video_status\":4,\"error_code\":1015,\"error_reason\":\"face not detected\",\"progress\":\"40\"},\"extra\":[1]}";

        [Fact]
        public void KeepsEveryTopLevelPropertyAndOnlyTheNamedDataFields()
        {
            JObject envelope = EnvelopeParser.Parse(RichAnswer, new[] { "_id", "video_status" });

            Assert.Equal(new[] { "code", "msg", "data", "extra" }, envelope.Properties().Select(p => p.Name));
            Assert.Equal("1000", (string?)envelope["code"]);
            Assert.Equal(new JArray(1), envelope["extra"]);
            var data = Assert.IsType<JObject>(envelope["data"]);
            Assert.Equal(new[] { "_id", "video_status" }, data.Properties().Select(p => p.Name));
            Assert.Equal(4, (int)data["video_status"]!);
        }

        [Fact]
        public void AVideoReadFromTheKeptFieldsEqualsOneReadFromTheWholeAnswer()
        {
            // Fails when VideoInfo.FromData reads a field that VideoInfo.Fields does not name.
            VideoInfo whole = VideoInfo.FromData(JObject.Parse(RichAnswer)["data"]);
            VideoInfo kept = VideoInfo.FromData(EnvelopeParser.Parse(RichAnswer, VideoInfo.Fields)["data"]);

            foreach (var property in typeof(VideoInfo).GetProperties())
            {
                Assert.Equal(property.GetValue(whole), property.GetValue(kept));
            }
            Assert.Equal("1015", kept.ErrorCode);
            Assert.Equal(40, kept.Progress);
        }

        [Fact]
        public void WithoutNamedFieldsTheWholeAnswerIsKept()
        {
            Assert.True(JToken.DeepEquals(JObject.Parse(RichAnswer), EnvelopeParser.Parse(RichAnswer, null)));
        }

        [Theory]
        [InlineData("{\"code\":1000,\"data\":null}", JTokenType.Null)]
        [InlineData("{\"code\":1000,\"data\":\"text\"}", JTokenType.String)]
        [InlineData("{\"code\":1000,\"data\":[{\"_id\":\"x\"}]}", JTokenType.Array)]
        public void ADataThatIsNotAnObjectIsKeptAsItIs(string answer, JTokenType type)
        {
            JObject envelope = EnvelopeParser.Parse(answer, VideoInfo.Fields);

            Assert.Equal(type, envelope["data"]!.Type);
        }

        [Fact]
        public void ARepeatedPropertyKeepsItsLastValueAsAWholeParseDoes()
        {
            const string Answer = "{\"code\":1003,\"data\":{\"_id\":\"a\",\"_id\":\"b\"},\"code\":1000}";

            JObject envelope = EnvelopeParser.Parse(Answer, VideoInfo.Fields);

            Assert.Equal(1000, (int)envelope["code"]!);
            Assert.Equal("b", (string?)envelope["data"]!["_id"]);
            Assert.Equal((string?)JObject.Parse(Answer)["data"]!["_id"], (string?)envelope["data"]!["_id"]);
        }

        [Theory]
        [InlineData("<html><body>502 Bad Gateway</body></html>")]
        [InlineData("")]
        [InlineData("[1,2]")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\",\"nested\":{\"a\":1")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"}")]
        [InlineData("{\"code\":1000} trailing")]
        [InlineData("{\"code\":1000}{\"code\":1000}")]
        [InlineData("{\"code\":1000,}x")]
        public void WhatIsNotOneJsonObjectThrowsAsAWholeParseDoes(string answer)
        {
            Assert.ThrowsAny<JsonReaderException>(() => JObject.Parse(answer));
            Assert.ThrowsAny<JsonReaderException>(() => EnvelopeParser.Parse(answer, VideoInfo.Fields));
        }

        [Fact]
        public void ACommentAfterTheObjectIsAllowedAsAWholeParseAllowsIt()
        {
            const string Answer = "{\"code\":1000,\"data\":{\"_id\":\"x\"}} /* done */";

            Assert.Equal("x", (string?)EnvelopeParser.Parse(Answer, VideoInfo.Fields)["data"]!["_id"]);
        }
    
        [Fact]
        public async Task ThreadsParsingAtOnceEachReadTheirOwnAnswer()
        {
            // The reader's character buffer is kept per thread: a buffer shared across threads would mix answers.
            const int Threads = 4, Answers = 3000;
            using var start = new Barrier(Threads);
            Task<int>[] readers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                int wrong = 0;
                for (int i = 0; i < Answers; i++)
                {
                    string id = thread + "-" + i + new string('x', i % 300);
                    string answer = "{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"" + id + "\",\"video_status\":" + (i % 4 + 1) + ",\"uid\":1}}";
                    VideoInfo info = VideoInfo.FromData(EnvelopeParser.Parse(answer, VideoInfo.Fields)["data"]);
                    if (info.Id != id || info.Status != i % 4 + 1) wrong++;
                }
                return wrong;
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

            Assert.Equal(new int[Threads], await Task.WhenAll(readers));
        }

        [Fact]
        public void AStringLongerThanTheKeptBufferIsReadWhole()
        {
            string url = "https://cdn.example.com/" + new string('v', 20000) + ".mp4";

            VideoInfo info = VideoInfo.FromData(EnvelopeParser.Parse("{\"code\":1000,\"data\":{\"_id\":\"x\",\"video\":\"" + url + "\"}}", VideoInfo.Fields)["data"]);
            VideoInfo next = VideoInfo.FromData(EnvelopeParser.Parse("{\"code\":1000,\"data\":{\"_id\":\"y\",\"video\":\"short\"}}", VideoInfo.Fields)["data"]);

            Assert.Equal(url, info.VideoUrl);
            Assert.Equal("short", next.VideoUrl);
        }
    }
}
