namespace PeerConsult.Web.Features.Deadlines;

public sealed class DeadlineOptions
{
    public const string SectionName = "Deadlines";

    /// <summary>Whether this instance runs the sweeper loop (tests drive it by hand).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many due items one query takes; a pass keeps taking batches until nothing is due.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How many transitions one transaction applies (one commit for all of them). A conflict rolls the transaction
    /// back and its transitions are then applied one per transaction. 1 = one transaction per transition.
    /// </summary>
    public int TransitionsPerTransaction { get; set; } = 100;
}
