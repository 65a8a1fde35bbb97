using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerConsult.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SweepDueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Requests_OverdueDue",
                table: "Requests",
                columns: new[] { "Status", "AdminDueAt" },
                filter: "\"Status\" = 'New' AND \"AdminOverdueAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_ReminderDue",
                table: "Requests",
                columns: new[] { "Status", "MotherContactDueAt" },
                filter: "\"Status\" = 'AwaitingMotherContact' AND \"MotherRemindedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_WarningDue",
                table: "Requests",
                columns: new[] { "Status", "AdminWarningAt" },
                filter: "\"Status\" = 'New' AND \"AdminWarnedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_OverdueDue",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_ReminderDue",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_WarningDue",
                table: "Requests");
        }
    }
}
