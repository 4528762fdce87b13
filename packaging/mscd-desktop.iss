; Inno Setup script of the Windows installer of mscd-desktop.
;
; Build the bundle first on Windows (`pyinstaller packaging\mscd-desktop.spec` from the
; checkout's venv makes dist\mscd-desktop\), then compile this script with Inno Setup 6
; (`iscc packaging\mscd-desktop.iss`): dist\mscd-desktop-<version>-windows-setup.exe.
;
; Installs for the person alone, without administrator rights (into
; %LOCALAPPDATA%\Programs\mscd-desktop), with a Start-menu entry, an optional desktop
; icon and an uninstaller. The data folder (%LOCALAPPDATA%\My Smart City District\
; mscd-desktop) is not touched by installing, updating or uninstalling.

#define AppName "mscd-desktop"
#define AppVersion "0.1.0"
#define AppPublisher "My Smart City District"

[Setup]
AppId={{6C0E8D8B-3E1F-4B7A-9C52-8E1D2B7F4A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
Uninstallable=yes
UninstallDisplayIcon={app}\mscd-desktop.exe
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename=mscd-desktop-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
; Inno Setup ships English and Spanish; a Swedish wizard needs the unofficial
; Swedish.isl from the Inno Setup translations page beside this script.
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\mscd-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\mscd-desktop"; Filename: "{app}\mscd-desktop.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\mscd-desktop"; Filename: "{app}\mscd-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\mscd-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
