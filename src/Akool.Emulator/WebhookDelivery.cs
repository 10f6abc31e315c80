namespace Akool.Emulator
{
    /// <summary>One webhook callback (for one job and one status) and how its delivery went so far.</summary>
    /// <param name="JobId">The job's <c>_id</c>.</param>
    /// <param name="Url">The job's <c>webhookUrl</c>.</param>
    /// <param name="Status">The <c>status</c> the callback reports (2, 3 or 4).</param>
    /// <param name="Attempts">How many POSTs were made so far.</param>
    /// <param name="Delivered">True once the receiver answered HTTP 200.</param>
    /// <param name="LastHttpStatus">The receiver's last HTTP status, or null when it could not be reached.</param>
    public sealed record WebhookDelivery(string JobId, string Url, int Status, int Attempts, bool Delivered, int? LastHttpStatus);
}
