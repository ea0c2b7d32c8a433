using System.Buffers;
using System.Data.Common;
using System.Globalization;
using Reassess.Records;

namespace Reassess.Screening;

/// <summary>
/// Streams every investigation with its victims and suspects in one ordered pass: two forward-only readers (investigations
/// by id, victim and suspect involvements by investigation id) merged as they go, so memory holds one investigation at a
/// time whatever the size of the data.
/// </summary>
internal static class ScreeningReader
{
    private const string InvestigationsSql =
        "SELECT id, force, investigation_ref, recorded_date, offence_from, offence_codes, outcome_code, outcome_date, cps_decision, independently_reviewed, " +
        "summary IS NOT NULL FROM investigations ORDER BY id";

    // The role as a flag and the relationship and disposal as their enum's numbers, computed by the database: turning
    // four million short strings into .NET strings and parsing them was a large part of the pass. Text that is not
    // exactly a token (-1) is read as text and parsed as before (columns 7 and 8); NULL is -2, so one call reads each.
    private static readonly string ParticipantsSql =
        $"SELECT v.investigation_id, v.person_id, v.role = '{Token.Of(InvolvementRole.Suspect)}', {TokenNumber<SuspectRelationship>("v.relationship")}, " +
        $"{TokenNumber<SuspectDisposal>("v.suspect_disposal")}, p.date_of_birth, p.date_of_death, v.relationship, v.suspect_disposal " +
        "FROM involvements v JOIN people p ON p.id = v.person_id WHERE v.role IN ('victim', 'suspect') ORDER BY v.investigation_id";

    /// <summary>SQL giving <paramref name="column"/>'s token as its enum number: -2 when null, -1 when not exactly a token.</summary>
    private static string TokenNumber<TEnum>(string column) where TEnum : struct, Enum =>
        $"CASE WHEN {column} IS NULL THEN {NullToken} " +
        string.Concat(Enum.GetValues<TEnum>().Select(v => $"WHEN {column} = '{Token.Of(v)}' THEN {Convert.ToInt32(v, CultureInfo.InvariantCulture)} ")) +
        "ELSE -1 END";

    /// <summary>What <see cref="TokenNumber{TEnum}"/> gives for NULL.</summary>
    private const int NullToken = -2;

    /// <summary>Participants handed from the reading thread to the screening thread in blocks, to keep the hand-over cheap.</summary>
    private const int BlockSize = 4096;

    /// <summary>
    /// Calls <paramref name="visit"/> once per investigation, in id order. The <see cref="InvestigationFacts"/> object is
    /// reused between calls: copy what must outlive the call. The participants are read on a second thread (the larger of
    /// the two streams) and handed over in blocks through a bounded channel, so reading and screening overlap on two
    /// cores while memory stays bounded by a few blocks.
    /// </summary>
    public static async Task ReadAllAsync(DbConnection investigations, DbConnection participants, Action<InvestigationFacts> visit, CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<(long[] Investigation, Participant[] Participant, int Count)>(
            new System.Threading.Channels.BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceParticipants(participants, channel.Writer, stop.Token), stop.Token);
        try
        {
            using var ir = Storage.BulkReader.Open(investigations, InvestigationsSql);

            var facts = new InvestigationFacts();
            var known = new Storage.KnownStrings();
            var reader = channel.Reader;
            (long[] Investigation, Participant[] Participant, int Count) block = ([], [], 0);
            var at = 0;
            var more = true;

            // The next participant, or false when the stream is exhausted.
            bool Next(out long investigation, out Participant participant)
            {
                while (at >= block.Count)
                {
                    Return(block);
                    if (!more || !TryTake(reader, out block)) { more = false; investigation = long.MaxValue; participant = default; return false; }
                    at = 0;
                }
                investigation = block.Investigation[at];
                participant = block.Participant[at];
                return true;
            }

            var pending = Next(out var pendingInvestigation, out var pendingParticipant);
            while (ir.Read())
            {
                ReadInvestigation(ir, facts, known);
                facts.Participants.Clear();
                // Involvements of investigations before this one cannot exist (foreign key); skip defensively.
                while (pending && pendingInvestigation <= facts.Id)
                {
                    if (pendingInvestigation == facts.Id) facts.Participants.Add(pendingParticipant);
                    at++;
                    pending = Next(out pendingInvestigation, out pendingParticipant);
                }
                visit(facts);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Stop the reading thread if screening ended early (an error or a cancellation), then surface its own error.
            await stop.CancelAsync();
            try { await producer; }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
        }
    }

    // The blocks are pooled: at 4,096 rows they are large objects, and allocating one per block made the garbage
    // collector sweep the whole heap (the candidates found so far) again and again.
    private static readonly ArrayPool<long> Ids = ArrayPool<long>.Create(BlockSize, 16);
    private static readonly ArrayPool<Participant> Participants = ArrayPool<Participant>.Create(BlockSize, 16);

    /// <summary>Gives a consumed block's arrays back to the pools (the first, empty one has none).</summary>
    private static void Return((long[] Investigation, Participant[] Participant, int Count) block)
    {
        if (block.Investigation.Length > 0) Ids.Return(block.Investigation);
        if (block.Participant.Length > 0) Participants.Return(block.Participant);
    }

    /// <summary>Blocks until the next block arrives; false when the producer has finished (its error is rethrown here).</summary>
    private static bool TryTake(System.Threading.Channels.ChannelReader<(long[], Participant[], int)> reader, out (long[] Investigation, Participant[] Participant, int Count) block)
    {
        while (true)
        {
            if (reader.TryRead(out block)) return true;
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) { block = default; return false; }
        }
    }

    /// <summary>
    /// Reads the participants on this thread only, blocking while the channel is full: the bulk reader holds the
    /// connection's mutex for this thread (<see cref="Storage.SqliteNative.Hold"/>), so no read may resume on another.
    /// </summary>
    private static void ProduceParticipants(DbConnection connection, System.Threading.Channels.ChannelWriter<(long[], Participant[], int)> writer, CancellationToken cancellationToken)
    {
        void Write((long[], Participant[], int) block)
        {
            while (!writer.TryWrite(block))
                if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                    throw new InvalidOperationException("The participants' channel closed while they were being read.");
        }
        try
        {
            using var pr = Storage.BulkReader.Open(connection, ParticipantsSql);
            var ids = Ids.Rent(BlockSize);
            var participants = Participants.Rent(BlockSize);
            var n = 0;
            while (pr.Read())
            {
                ids[n] = pr.GetInt64(0);
                participants[n] = ReadParticipant(pr);
                if (++n == BlockSize)
                {
                    Write((ids, participants, n));
                    ids = Ids.Rent(BlockSize);
                    participants = Participants.Rent(BlockSize);
                    n = 0;
                }
            }
            if (n > 0) Write((ids, participants, n));
            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    /// <summary>
    /// One investigation's own facts. The force, the offence and outcome codes and the CPS decision take few values: one
    /// string each (<paramref name="known"/>), not one per investigation.
    /// </summary>
    private static void ReadInvestigation(Storage.BulkReader r, InvestigationFacts f, Storage.KnownStrings known)
    {
        f.Id = r.GetInt64(0);
        f.Force = r.GetString(1, known);
        f.InvestigationRef = r.GetString(2);
        f.RecordedDate = r.GetDate(3);
        f.OffenceFrom = r.GetDate(4);
        f.OffenceCodes = r.GetString(5, known);
        f.OutcomeCode = r.IsNull(6) ? null : r.GetString(6, known);
        f.OutcomeDate = r.GetNullableDate(7);
        f.CpsDecision = r.IsNull(8) ? null : Token.Parse<CpsDecision>(r.GetString(8, known));
        f.IndependentlyReviewed = r.GetBoolean(9);
        f.HasSummary = r.GetBoolean(10);
    }

    private static Participant ReadParticipant(Storage.BulkReader r)
    {
        var personId = r.GetInt64(1);
        var role = r.GetBoolean(2) ? InvolvementRole.Suspect : InvolvementRole.Victim;
        var rel = r.GetInt64(3);
        SuspectRelationship? relationship = rel == NullToken ? null : rel >= 0 ? (SuspectRelationship)rel : Token.Parse<SuspectRelationship>(r.GetString(7));
        var d = r.GetInt64(4);
        SuspectDisposal? disposal = d == NullToken ? null : d >= 0 ? (SuspectDisposal)d : Token.Parse<SuspectDisposal>(r.GetString(8));
        return new Participant(personId, role, relationship, disposal, r.GetNullableDate(5), r.GetNullableDate(6));
    }

    /// <summary>
    /// A stored date: PostgreSQL returns a date; SQLite stores <c>yyyy-MM-dd</c> text, parsed here directly because the
    /// general parser is the largest cost of the pass.
    /// </summary>
    internal static DateOnly Date(DbDataReader r, int ordinal)
    {
        if (r.GetFieldType(ordinal) != typeof(string)) return r.GetFieldValue<DateOnly>(ordinal);
        var s = r.GetString(ordinal);
        if (s.Length >= 10 && s[4] == '-' && s[7] == '-'
            && TryDigits(s, 0, 4, out var y) && TryDigits(s, 5, 2, out var m) && TryDigits(s, 8, 2, out var d))
            return new DateOnly(y, m, d);
        return DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool TryDigits(string s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var c = s[i] - '0';
            if ((uint)c > 9) return false;
            value = (value * 10) + c;
        }
        return true;
    }
}
