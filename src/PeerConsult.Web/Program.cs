using System.Resources;
using PeerConsult.Web.Features.Account;
using PeerConsult.Web.Features.ConsultantDesk;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Features.Intake;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.Telegram;
using PeerConsult.Web.Features.Messages.WhatsApp;
using PeerConsult.Web.Features.Mothers;
using PeerConsult.Web.Features.Policy;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Features.Video;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Bench;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

[assembly: NeutralResourcesLanguage("ru")]

var builder = WebApplication.CreateBuilder(args);

builder.AddPolicy();
builder.AddPersistence();
builder.AddAccounts();
builder.AddTexts();
builder.AddWebUi();
builder.AddIntake();
builder.AddRequests();
builder.AddConsultants();
builder.AddMothers();
builder.AddMeetings();
builder.AddConsultantDesk();
builder.AddPortal();
builder.AddVideo();
builder.AddMessages();
builder.AddDeadlines();
builder.AddDemo();
builder.AddHealth();

var app = builder.Build();

app.UseWebUi();
app.MapCultureSwitch();
app.MapHealth();
app.MapConsultantPhotos();
app.MapMotherCalendar();
app.MapConsultantCalendar();
app.MapVideo();
app.MapTelegramWebhook();
app.MapWhatsAppWebhook();
var api = app.MapGroup("/api/v1");
api.MapAuthApi();
api.MapIntakeApi();
api.MapRequestsApi();
api.MapConsultantsApi();
api.MapMessagesApi();
api.MapMothersApi();
api.MapAvailabilityApi();
api.MapMeetingsApi();
api.MapPolicyApi();
api.MapAttendanceApi();
app.MapBenchEndpoints();

await app.InitializeDatabaseAsync();
await app.StartAsync();
StartupBanner.Print(app);
await app.WaitForShutdownAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
