using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RunJobIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_runs_job_id",
                table: "runs",
                column: "job_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_runs_job_id",
                table: "runs");
        }
    }
}
