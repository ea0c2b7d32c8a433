using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Linkage;

/// <summary>
/// Screening's view of what the last <c>reassess link</c> stored: which nominals resolve to one person
/// (<see cref="ResolvedPerson"/>) and which investigations are missed groups with their chain of evidence
/// (<see cref="MissedGroupLink"/>). Before any link run, both are empty, as with no linkage.
/// </summary>
public sealed class StoredLinkageFacts : ILinkageFacts
{
    public async Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(cancellationToken);
        try
        {
            var resolved = new Dictionary<long, long>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                // Only nominals linked to another: absent means the nominal is a person of its own.
                command.CommandText = "SELECT person_id, resolved_id FROM resolved_people WHERE person_id <> resolved_id";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) resolved[reader.GetInt64(0)] = reader.GetInt64(1);
            }
            var missed = new Dictionary<long, string>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = "SELECT investigation_id, evidence FROM missed_group_links";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) missed[reader.GetInt64(0)] = reader.GetString(1);
            }
            return new LinkageSnapshot { ResolvedPersonOf = resolved, MissedGroupEvidence = missed };
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
