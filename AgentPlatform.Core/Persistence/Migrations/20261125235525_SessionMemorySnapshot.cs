using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SessionMemorySnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "memory",
                table: "sessions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "memory_run_number",
                table: "sessions",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "memory",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "memory_run_number",
                table: "sessions");
        }
    }
}
