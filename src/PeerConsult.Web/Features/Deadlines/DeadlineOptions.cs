namespace PeerConsult.Web.Features.Deadlines;

public sealed class DeadlineOptions
{
    public const string SectionName = "Deadlines";

    /// <summary>Whether this instance runs the sweeper loop (tests drive it by hand).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many due items one query takes; a pass keeps taking batches until nothing is due.</summary>
    public int BatchSize { get; set; } = 200;
}
