using System;
using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>
    /// Reads an answer's JSON envelope. Every top-level property is kept; of the <c>data</c> object only the
    /// properties its reader looks at, when the call names them. A create or status answer carries about fifteen
    /// fields of which the module reads seven, and building all of them as a JSON tree was the largest share of the
    /// client's allocations per row (issue 14). As strict as <see cref="JObject.Parse(string)"/>: one JSON object,
    /// nothing after it but comments; malformed or cut-off JSON throws <see cref="JsonReaderException"/>.
    /// </summary>
    internal static class EnvelopeParser
    {
        // Line positions serve messages about a document a user wrote; nobody reads them in an answer.
        private static readonly JsonLoadSettings Settings = new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Ignore };

        // The property names of the contract's create and status answers: the reader takes these strings from here
        // instead of making fifteen new ones per answer. Filled once, then only read (safe across threads).
        private static readonly DefaultJsonNameTable KnownNames = NameTable(
            "code", "msg", "data", "faceswap_quality", "storage_loc", "_id", "create_time", "uid", "type", "from", "video_id",
            "video_lock_duration", "deduction_lock_duration", "external_video", "talking_photo", "video", "__v", "video_status",
            "error_code", "error_reason", "progress", "resolution", "prompt");

        /// <param name="text">The answer's text.</param>
        /// <param name="dataFields">The names read from <c>data</c>; null keeps the whole answer.</param>
        public static JObject Parse(string text, ICollection<string>? dataFields)
        {
            if (dataFields == null) return JObject.Parse(text, Settings);
            using (var reader = new JsonTextReader(new StringReader(text)) { ArrayPool = ThreadCharBuffers.Instance, PropertyNameTable = KnownNames })
            {
                if (!ReadContent(reader) || reader.TokenType != JsonToken.StartObject) throw new JsonReaderException("The answer is not a JSON object.");
                var envelope = new JObject();
                ReadProperties(reader, (name, value) =>
                    envelope[name] = name == "data" && value.TokenType == JsonToken.StartObject ? Kept(value, dataFields) : JToken.ReadFrom(value, Settings));
                while (reader.Read())
                {
                    // Anything but a comment after the object makes the reader throw, as JObject.Parse does.
                }
                return envelope;
            }
        }

        /// <summary>The object the reader is at, with only <paramref name="fields"/>; the rest is read past, never built.</summary>
        private static JObject Kept(JsonTextReader reader, ICollection<string> fields)
        {
            var kept = new JObject();
            ReadProperties(reader, (name, value) =>
            {
                if (fields.Contains(name)) kept[name] = JToken.ReadFrom(value, Settings);
                else value.Skip();
            });
            return kept;
        }

        /// <summary>
        /// Hands each property of the object the reader is at to <paramref name="readValue"/>, positioned on its value
        /// (which it must read or skip); ends on the object's end, or throws when the text ends first.
        /// </summary>
        private static void ReadProperties(JsonTextReader reader, Action<string, JsonTextReader> readValue)
        {
            while (ReadContent(reader) && reader.TokenType == JsonToken.PropertyName)
            {
                string name = (string)reader.Value!;
                if (!ReadContent(reader)) break;
                readValue(name, reader);
            }
            if (reader.TokenType != JsonToken.EndObject) throw new JsonReaderException("The answer's JSON ends before its object does.");
        }

        private static DefaultJsonNameTable NameTable(params string[] names)
        {
            var table = new DefaultJsonNameTable();
            foreach (string name in names) table.Add(name);
            return table;
        }

        /// <summary>Moves to the next token that is not a comment; false at the end of the text.</summary>
        private static bool ReadContent(JsonTextReader reader)
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment) return true;
            }
            return false;
        }
    }
}
