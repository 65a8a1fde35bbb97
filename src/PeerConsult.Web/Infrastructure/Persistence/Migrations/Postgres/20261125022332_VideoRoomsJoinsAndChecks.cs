using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerConsult.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VideoRoomsJoinsAndChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MeetingJoins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingJoins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingJoins_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingRooms",
                columns: table => new
                {
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingRooms", x => x.MeetingId);
                    table.ForeignKey(
                        name: "FK_MeetingRooms_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PreMeetingChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CameraOk = table.Column<bool>(type: "boolean", nullable: false),
                    MicrophoneOk = table.Column<bool>(type: "boolean", nullable: false),
                    MediaProblem = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DownloadMbps = table.Column<double>(type: "double precision", nullable: true),
                    UploadMbps = table.Column<double>(type: "double precision", nullable: true),
                    ConnectionOk = table.Column<bool>(type: "boolean", nullable: false),
                    PlaceReady = table.Column<bool>(type: "boolean", nullable: false),
                    Browser = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreMeetingChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreMeetingChecks_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingJoins_MeetingId_At",
                table: "MeetingJoins",
                columns: new[] { "MeetingId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRooms_Name",
                table: "MeetingRooms",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PreMeetingChecks_MeetingId_At",
                table: "PreMeetingChecks",
                columns: new[] { "MeetingId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingJoins");

            migrationBuilder.DropTable(
                name: "MeetingRooms");

            migrationBuilder.DropTable(
                name: "PreMeetingChecks");
        }
    }
}
