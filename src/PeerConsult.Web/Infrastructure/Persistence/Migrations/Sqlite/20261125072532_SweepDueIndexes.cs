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
                column: "AdminDueAt",
                filter: "\"Status\" = 'New' AND \"AdminOverdueAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_ReminderDue",
                table: "Requests",
                column: "MotherContactDueAt",
                filter: "\"Status\" = 'AwaitingMotherContact' AND \"MotherRemindedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_WarningDue",
                table: "Requests",
                column: "AdminWarningAt",
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
