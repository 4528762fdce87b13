"""Writes the corpus of registration exports in this folder, and ``expected.json``.

Each file has the shape of an export from a tool organisers use (ticket shops, form
tools, contact lists) or of a sheet typed in Excel in one of the EU's member states:
its columns, delimiter, encoding, date and number formats. The people are invented.
``expected.json`` says who each file must give (name, e-mail, organisation), or the
message a file that cannot be imported without a hand mapping must give.

Run it from the repository root after changing it: ``python
tests/data/registrations/make_registrations.py``. ``tests/core/test_registration_corpus.py``
imports every file and checks that the script still writes the same CSVs.
"""

# ruff: noqa: E501  (rows of data read best one per line)
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Person:
    """Who a row must give: the name as joined, the e-mail and the organisation."""

    name: str
    email: str | None = None
    organisation: str = ""


@dataclass
class Export:
    """One file: its header, rows, format and the people it must give."""

    file: str
    header: list[str]
    rows: list[list[object]]
    people: list[Person]
    delimiter: str = ","
    encoding: str = "utf-8"
    needs: str | None = None  # the message when no hand mapping is given
    notes: str = ""
    extra: dict = field(default_factory=dict)


def eventbrite() -> Export:
    header = [
        "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
        "Ticket Type", "Attendee #", "Group", "Order Type", "Currency", "Total Paid",
        "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status", "Company",
        "Job Title",
    ]  # fmt: skip
    rows = [
        ["8812340151", "2026-05-02 10:14:03+02:00", "Ana", "García López", "ana.garcia@example.es", "1", "General admission", "1190028811", "", "Free Order", "EUR", "0.00", "0.00", "0.00", "Attending", "Ayuntamiento de Laguna de Duero", "Energy officer"],
        ["8812340152", "2026-05-02 11:40:51+02:00", "Pieter", "Van den Bossche", "pieter.vdb@example.be", "1", "General admission", "1190028812", "", "Free Order", "EUR", "0.00", "0.00", "0.00", "Attending", "Stad Gent", "Project manager"],
        ["8812340153", "2026-05-03 09:02:17+02:00", "Ingrid", "Lindqvist", "ingrid.lindqvist@example.se", "1", "Site visit (limited)", "1190028813", "", "Free Order", "EUR", "0.00", "0.00", "0.00", "Attending", "", ""],
    ]  # fmt: skip
    people = [
        Person("Ana García López", "ana.garcia@example.es", "Ayuntamiento de Laguna de Duero"),
        Person("Pieter Van den Bossche", "pieter.vdb@example.be", "Stad Gent"),
        Person("Ingrid Lindqvist", "ingrid.lindqvist@example.se"),
    ]
    return Export("eventbrite_attendee_summary.csv", header, rows, people)


def pretix() -> Export:
    header = [
        "Order code", "Attendee name", "Attendee name: Title", "Attendee name: Given name",
        "Attendee name: Family name", "Product", "Price", "Checked in", "Checked out",
        "Automatically checked in", "Secret", "E-mail", "Phone number", "Company",
        "Voucher code", "Order date", "Order time", "Requires special attention", "Comment",
        "Seat ID", "Position ID",
    ]  # fmt: skip
    rows = [
        ["Q7MXB", "Dr. Jürgen Weiß", "Dr.", "Jürgen", "Weiß", "Fachbesucher", "0.00", "", "", "No", "xk3m9f2t7zq8c5v1", "j.weiss@example.de", "+49 89 123456", "Stadtwerke München", "", "2026-04-28", "14:03:11", "No", "", "", "1"],
        ["Q7MXC", "Émilie Lefèvre", "", "Émilie", "Lefèvre", "Visiteur", "0.00", "", "", "No", "p2b8n5w1r4t6y9u3", "emilie.lefevre@example.fr", "", "Métropole de Lyon", "", "2026-04-29", "08:51:40", "No", "Wheelchair access", "", "1"],
        ["Q7MXD", "Tomasz Nowak", "", "Tomasz", "Nowak", "Fachbesucher", "0.00", "", "", "No", "a9s8d7f6g5h4j3k2", "t.nowak@example.pl", "", "", "", "2026-04-30", "19:22:05", "No", "", "", "1"],
    ]  # fmt: skip
    people = [
        Person("Dr. Jürgen Weiß", "j.weiss@example.de", "Stadtwerke München"),
        Person("Émilie Lefèvre", "emilie.lefevre@example.fr", "Métropole de Lyon"),
        Person("Tomasz Nowak", "t.nowak@example.pl"),
    ]
    return Export("pretix_checkin_list.csv", header, rows, people)


def tito() -> Export:
    header = [
        "Number", "Ticket Created Date", "Ticket Last Updated Date", "Ticket",
        "Ticket Full Name", "Ticket First Name", "Ticket Last Name", "Ticket Email",
        "Ticket Company Name", "Ticket Phone Number", "Event", "Void Status", "Price",
        "Discount Status", "Ticket Reference", "Tags", "Unique Ticket URL",
        "Unique Ticket Check-in URL", "Order Reference", "Order Name", "Order Email",
        "Order Company Name", "Order Phone Number", "Order Discount Code", "Order Ip",
        "Order Created Date", "Order Completed Date", "Payment Reference",
    ]  # fmt: skip
    rows = [
        ["1", "2026-04-20 09:12:44 +0100", "2026-04-20 09:12:44 +0100", "Open House", "Siobhán Ó Briain", "Siobhán", "Ó Briain", "siobhan.obriain@example.ie", "Dublin City Council", "", "Open House Dublin", "", "0.0", "", "OHDB-1", "", "https://ti.to/tickets/abc1", "https://checkin.tito.io/abc1", "OHDB", "Siobhán Ó Briain", "siobhan.obriain@example.ie", "Dublin City Council", "", "", "", "2026-04-20 09:12:44 +0100", "2026-04-20 09:12:44 +0100", ""],
        ["2", "2026-04-20 09:12:44 +0100", "2026-04-21 16:05:02 +0100", "Open House", "Ciarán Walsh", "Ciarán", "Walsh", "ciaran.walsh@example.ie", "SEAI", "", "Open House Dublin", "", "0.0", "", "OHDB-2", "", "https://ti.to/tickets/abc2", "https://checkin.tito.io/abc2", "OHDB", "Siobhán Ó Briain", "siobhan.obriain@example.ie", "Dublin City Council", "", "", "", "2026-04-20 09:12:44 +0100", "2026-04-20 09:12:44 +0100", ""],
    ]  # fmt: skip
    people = [
        Person("Siobhán Ó Briain", "siobhan.obriain@example.ie", "Dublin City Council"),
        Person("Ciarán Walsh", "ciaran.walsh@example.ie", "SEAI"),  # the ticket, not the buyer
    ]
    return Export("tito_tickets.csv", header, rows, people)


def luma() -> Export:
    header = [
        "api_id", "name", "first_name", "last_name", "email", "phone_number", "created_at",
        "approval_status", "checked_in_at", "custom_source", "qr_code_url", "amount",
        "amount_tax", "currency", "coupon_code", "ticket_type_id", "ticket_name",
        "What organisation are you with?",
    ]  # fmt: skip
    rows = [
        ["gst-Xk2p9", "Marta Kowalczyk", "Marta", "Kowalczyk", "marta.k@example.pl", "", "2026-05-01T08:14:03.512Z", "approved", "", "", "https://lu.ma/check-in/evt/gst-Xk2p9", "0", "0", "", "", "evtticktype-1", "Standard", "Politechnika Gdańska"],
        ["gst-Xk2q1", "Luca Bianchi", "Luca", "Bianchi", "luca.bianchi@example.it", "+39 02 555 0101", "2026-05-01T10:40:55.004Z", "approved", "", "newsletter", "https://lu.ma/check-in/evt/gst-Xk2q1", "0", "0", "", "", "evtticktype-1", "Standard", "Comune di Milano"],
    ]  # fmt: skip
    people = [
        Person("Marta Kowalczyk", "marta.k@example.pl", "Politechnika Gdańska"),
        Person("Luca Bianchi", "luca.bianchi@example.it", "Comune di Milano"),
    ]
    return Export("luma_guests.csv", header, rows, people)


def billetto() -> Export:
    header = [
        "Order ID", "Ticket ID", "Ticket type", "First name", "Last name", "Email", "Phone",
        "Purchase date", "Price", "Currency", "Checked in",
    ]  # fmt: skip
    rows = [
        ["B-204881", "T-994001", "Åbent hus", "Søren", "Østergaard", "soren.ostergaard@example.dk", "+45 20 11 22 33", dt.datetime(2026, 4, 27, 12, 30), 0.0, "DKK", "No"],
        ["B-204882", "T-994002", "Åbent hus", "Mette", "Bæk Nielsen", "mette.baek@example.dk", "", dt.datetime(2026, 4, 28, 9, 5), 0.0, "DKK", "No"],
    ]  # fmt: skip
    people = [
        Person("Søren Østergaard", "soren.ostergaard@example.dk"),
        Person("Mette Bæk Nielsen", "mette.baek@example.dk"),
    ]
    return Export("billetto_attendees.xlsx", header, rows, people)


def tickster() -> Export:
    header = [
        "Ordernummer", "Biljettnummer", "Biljettyp", "Förnamn", "Efternamn", "E-post",
        "Mobilnummer", "Företag", "Köpdatum", "Pris (SEK)", "Incheckad",
    ]  # fmt: skip
    rows = [
        ["TK-51880021", "5188002101", "Visning Linero", "Åsa", "Öberg", "asa.oberg@example.se", "070-123 45 67", "Lunds kommun", dt.datetime(2026, 5, 4, 18, 2), 0, "Nej"],
        ["TK-51880022", "5188002102", "Visning Linero", "Björn", "Håkansson", "bjorn.hakansson@example.se", "", "Kraftringen", dt.datetime(2026, 5, 5, 7, 45), 0, "Nej"],
    ]  # fmt: skip
    people = [
        Person("Åsa Öberg", "asa.oberg@example.se", "Lunds kommun"),
        Person("Björn Håkansson", "bjorn.hakansson@example.se", "Kraftringen"),
    ]
    return Export("tickster_deltagare.xlsx", header, rows, people)


def google_forms() -> list[Export]:
    en = Export(
        "google_forms_en.csv",
        ["Timestamp", "Email Address", "Your full name", "Organisation",
         "Which group describes you best?", "May we take photos of you?"],
        [["2026/05/02 10:14:03 AM GMT+2", "helen.murphy@example.ie", "Helen Murphy", "Cork City Council", "Technical stakeholders", "Yes"],
         ["2026/05/02 1:02:40 PM GMT+2", "Niamh.Kelly@Example.ie", "Niamh Kelly", "", "Citizens", "No"]],
        [Person("Helen Murphy", "helen.murphy@example.ie", "Cork City Council"),
         Person("Niamh Kelly", "niamh.kelly@example.ie")],
    )  # fmt: skip
    es = Export(
        "google_forms_es.csv",
        ["Marca temporal", "Dirección de correo electrónico", "¿Cuál es tu nombre?",
         "Apellidos", "¿A qué entidad perteneces?"],
        [["2/5/2026 10:14:03", "lucia.perez@example.es", "Lucía", "Pérez Gómez", "Universidad de Valladolid"],
         ["2/5/2026 12:30:59", "jorge.ruiz@example.es", "Jorge", "Ruiz", "SOMACYL"]],
        [Person("Lucía Pérez Gómez", "lucia.perez@example.es", "Universidad de Valladolid"),
         Person("Jorge Ruiz", "jorge.ruiz@example.es", "SOMACYL")],
    )  # fmt: skip
    sv = Export(
        "google_forms_sv.csv",
        ["Tidstämpel", "E-postadress", "Vad heter du?", "Vilken organisation representerar du?"],
        [["2026-05-02 10:14:03", "karin.sjoberg@example.se", "Karin Sjöberg", "Lunds universitet"],
         ["2026-05-02 11:20:41", "olof.nilsson@example.se", "Olof Nilsson", "LKF"]],
        [Person("Karin Sjöberg", "karin.sjoberg@example.se", "Lunds universitet"),
         Person("Olof Nilsson", "olof.nilsson@example.se", "LKF")],
    )  # fmt: skip
    return [en, es, sv]


def microsoft_forms() -> list[Export]:
    anonymous = Export(
        "microsoft_forms_en.xlsx",
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
         "What's your name?", "Your e-mail address", "Organisation"],
        [[1, dt.datetime(2026, 5, 2, 10, 14, 3), dt.datetime(2026, 5, 2, 10, 16, 40), "anonymous", "anonymous", None, "Kateřina Nováková", "k.novakova@example.cz", "Statutární město Brno"],
         [2, dt.datetime(2026, 5, 2, 11, 2, 9), dt.datetime(2026, 5, 2, 11, 3, 58), "anonymous", "anonymous", None, "Jiří Dvořák", "", "VUT Brno"]],
        [Person("Kateřina Nováková", "k.novakova@example.cz", "Statutární město Brno"),
         Person("Jiří Dvořák", None, "VUT Brno")],
    )  # fmt: skip
    signed_in = Export(
        "microsoft_forms_es.xlsx",
        ["Id.", "Hora de inicio", "Hora de finalización", "Correo electrónico", "Nombre",
         "Nombre completo", "Organización"],
        [[1, dt.datetime(2026, 5, 3, 9, 0, 1), dt.datetime(2026, 5, 3, 9, 2, 30), "ines.martin@example.es", "Inés Martín", "Inés Martín Sanz", "Junta de Castilla y León"]],
        [Person("Inés Martín", "ines.martin@example.es", "Junta de Castilla y León")],
        notes="Signed-in respondents: the account's name comes first and wins.",
    )  # fmt: skip
    return [anonymous, signed_in]


def eusurvey() -> Export:
    return Export(
        "eusurvey_results.xlsx",
        ["Contribution ID", "User name", "Invitation number", "Creation date", "Last update",
         "Languages", "Your name", "Your e-mail address", "Organisation",
         "Type of stakeholder"],
        [["3f1c2a9e-5b7d-4e0a-9c1f-2d8b6a4e7f10", "", "", dt.datetime(2026, 4, 22, 15, 4), dt.datetime(2026, 4, 22, 15, 4), "EN", "Γιώργος Παπαδόπουλος", "g.papadopoulos@example.gr", "Δήμος Αθηναίων", "Political stakeholders"],
         ["8a0d4f6b-1c2e-4b3a-8d9f-7e6c5b4a3f21", "", "", dt.datetime(2026, 4, 23, 9, 40), dt.datetime(2026, 4, 23, 9, 41), "EN", "Mari Õunapuu", "mari.ounapuu@example.ee", "Tartu linn", "Technical stakeholders"]],
        [Person("Γιώργος Παπαδόπουλος", "g.papadopoulos@example.gr", "Δήμος Αθηναίων"),
         Person("Mari Õunapuu", "mari.ounapuu@example.ee", "Tartu linn")],
    )  # fmt: skip


def typeform() -> list[Export]:
    recognised = Export(
        "typeform_responses.csv",
        ["#", "Hi there! What's your name?", "And your email address?",
         "Which organisation are you with?", "Would you like our newsletter?",
         "Start Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"],
        [["k2l9x0f1m3", "Päivi Mäkinen", "paivi.makinen@example.fi", "Tampereen kaupunki", "1", "2026-05-01 08:14:03", "2026-05-01 08:15:40", "7a1b2c3d4e", ""],
         ["p8q7r6s5t4", "Jānis Bērziņš", "janis.berzins@example.lv", "Rīgas dome", "0", "2026-05-01 09:00:12", "2026-05-01 09:01:02", "9f8e7d6c5b", ""]],
        [Person("Päivi Mäkinen", "paivi.makinen@example.fi", "Tampereen kaupunki"),
         Person("Jānis Bērziņš", "janis.berzins@example.lv", "Rīgas dome")],
    )  # fmt: skip
    unrecognised = Export(
        "typeform_who_is_coming.csv",
        ["#", "Who's joining us?", "Where can we reach you?", "Submit Date (UTC)"],
        [["a1", "Rūta Šimkutė", "ruta@example.lt", "2026-05-01 08:14:03"]],
        [],
        needs=(
            "No column with the attendees' names was recognised (columns found: '#', "
            "\"Who's joining us?\", 'Where can we reach you?', 'Submit Date (UTC)'). The "
            "import needs a column with the full name, or one with the first name: name it "
            "'Name', 'Nombre' or 'Namn', or map it by hand."
        ),
    )  # fmt: skip
    return [recognised, unrecognised]


def meetup() -> Export:
    return Export(
        "meetup_attendees.csv",
        ["Name", "User ID", "Title", "Event Host", "RSVP", "Guests", "RSVPed on",
         "Joined Group on", "URL of Member Profile", "Answer to questions"],
        [["Daan de Vries", "user 289113344", "", "No", "Yes", "0", "2026-04-30 20:14", "2024-02-11", "https://www.meetup.com/members/289113344", "Energy coop Utrecht"],
         ["Sanne Jansen", "user 301122004", "", "No", "Yes", "1", "2026-05-01 07:02", "2025-09-03", "https://www.meetup.com/members/301122004", ""]],
        [Person("Daan de Vries"), Person("Sanne Jansen")],
        notes="Meetup shares no e-mail addresses.",
    )  # fmt: skip


OUTLOOK_HEADER = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone",
    "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone",
    "Other Phone", "Primary Phone", "Pager", "Business Fax", "Home Fax", "Other Fax",
    "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
    "Job Title", "Department", "Company", "Office Location", "Manager's Name",
    "Assistant's Name", "Assistant's Phone", "Company Yomi", "Business Street",
    "Business City", "Business State", "Business Postal Code", "Business Country/Region",
    "Home Street", "Home City", "Home State", "Home Postal Code", "Home Country/Region",
    "Other Street", "Other City", "Other State", "Other Postal Code",
    "Other Country/Region", "Personal Web Page", "Spouse", "Schools", "Hobby", "Location",
    "Web Page", "Birthday", "Anniversary", "Notes",
]  # fmt: skip


def outlook() -> Export:
    def contact(first, middle, last, email, company, notes=""):
        row = [""] * len(OUTLOOK_HEADER)
        values = {"First Name": first, "Middle Name": middle, "Last Name": last,
                  "E-mail Address": email, "Company": company, "Notes": notes}  # fmt: skip
        for name, value in values.items():
            row[OUTLOOK_HEADER.index(name)] = value
        return row

    return Export(
        "outlook_contacts.csv",
        OUTLOOK_HEADER,
        [contact("João", "Pedro", "Gonçalves", "joao.goncalves@example.pt", "Câmara Municipal de Lisboa"),
         contact("Maria", "", "Conceição", "maria.conceicao@example.pt", "", "Vegetarian")],
        [Person("João Pedro Gonçalves", "joao.goncalves@example.pt", "Câmara Municipal de Lisboa"),
         Person("Maria Conceição", "maria.conceicao@example.pt")],
        encoding="cp1252",
        notes="Outlook for Windows writes the system's ANSI code page.",
    )  # fmt: skip


def google_contacts() -> Export:
    header = [
        "First Name", "Middle Name", "Last Name", "Phonetic First Name",
        "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname",
        "File As", "Organization Name", "Organization Title", "Organization Department",
        "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
        "Phone 1 - Label", "Phone 1 - Value",
    ]  # fmt: skip
    rows = [
        ["Ľubica", "", "Kováčová", "", "", "", "", "", "", "", "Mesto Bratislava", "Energetička", "", "", "", "", "* myContacts", "* Work", "lubica.kovacova@example.sk", "Mobile", "+421 900 123 456"],
        ["Tomaž", "", "Kranjc", "", "", "", "", "", "Tomo", "", "Mestna občina Ljubljana", "", "", "", "", "", "* myContacts", "* Home", "Tomaz Kranjc <tomaz.kranjc@example.si>", "", ""],
    ]  # fmt: skip
    people = [
        Person("Ľubica Kováčová", "lubica.kovacova@example.sk", "Mesto Bratislava"),
        Person("Tomaž Kranjc", "tomaz.kranjc@example.si", "Mestna občina Ljubljana"),
    ]
    return Export("google_contacts.csv", header, rows, people)


@dataclass
class Locale:
    """How Excel in one member state writes a typed registration sheet as CSV."""

    country: str
    locale: str
    encoding: str  # the ANSI code page of "CSV (comma delimited)", or utf-8-sig
    header: list[str]  # first, (middle,) last, e-mail, organisation, age, date, phone
    people: list[tuple]  # (first, last, email, organisation, age, date)
    date: str  # strftime format
    delimiter: str = ";"  # the list separator: ";" where the decimal mark is a comma
    middle: bool = False
    family_first: bool = False  # Hungarian: the family name comes first, also in columns


def _locales() -> list[Locale]:
    d = dt.date
    return [
        Locale("AT", "de-AT", "cp1252", ["Vorname", "Nachname", "E-Mail", "Organisation", "Alter", "Anmeldedatum", "Telefon"],
               [("Lukas", "Gruber", "lukas.gruber@example.at", "Stadt Wien", 38.5, d(2026, 5, 2)), ("Sophie", "Höller", "", "Energieinstitut Linz", 29, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("BE", "nl-BE", "cp1252", ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Organisatie", "Leeftijd", "Inschrijvingsdatum", "Telefoon"],
               [("Jan", "van", "Damme", "jan.vandamme@example.be", "Stad Antwerpen", 45, d(2026, 5, 2)), ("Lotte", "", "Peeters", "lotte.peeters@example.be", "VITO", 31.5, d(2026, 5, 4))], "%d/%m/%Y", middle=True),
        Locale("BG", "bg-BG", "cp1251", ["Име", "Фамилия", "Имейл", "Организация", "Възраст", "Дата на регистрация", "Телефон"],
               [("Иван", "Петров", "ivan.petrov@example.bg", "Столична община", 45, d(2026, 5, 2)), ("Мария", "Георгиева", "", "Технически университет – София", 31, d(2026, 5, 3))], "%d.%m.%Y г."),
        Locale("CY", "el-CY", "utf-8-sig", ["Όνομα", "Επώνυμο", "Email", "Φορέας", "Ηλικία", "Ημερομηνία εγγραφής", "Τηλέφωνο"],
               [("Ανδρέας", "Χριστοδούλου", "a.christodoulou@example.cy", "Δήμος Λευκωσίας", 50, d(2026, 5, 2))], "%d/%m/%Y"),
        Locale("CZ", "cs-CZ", "cp1250", ["Jméno", "Příjmení", "E-mail", "Organizace", "Věk", "Datum registrace", "Telefon"],
               [("Jiří", "Dvořák", "jiri.dvorak@example.cz", "Statutární město Brno", 44, d(2026, 5, 2)), ("Kateřina", "Nováková", "k.novakova@example.cz", "Vysoké učení technické", 29.5, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("DE", "de-DE", "cp1252", ["Vorname", "Nachname", "E-Mail", "Organisation", "Alter", "Anmeldedatum", "Telefon"],
               [("Jürgen", "Weiß", "j.weiss@example.de", "Stadtwerke München", 51, d(2026, 5, 2)), ("Anna", "Schäfer", "", "TU München", 27.5, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("DK", "da-DK", "cp1252", ["Fornavn", "Efternavn", "E-mail", "Organisation", "Alder", "Tilmeldingsdato", "Telefon"],
               [("Søren", "Østergaard", "soren@example.dk", "Aarhus Kommune", 41, d(2026, 5, 2)), ("Åse", "Bæk", "", "DTU", 35, d(2026, 5, 3))], "%d-%m-%Y"),
        Locale("EE", "et-EE", "cp1257", ["Eesnimi", "Perekonnanimi", "E-post", "Asutus", "Vanus", "Registreerimise kuupäev", "Telefon"],
               [("Jüri", "Tamm", "juri.tamm@example.ee", "Tallinna Linnavalitsus", 47, d(2026, 5, 2)), ("Mari", "Õunapuu", "", "Tartu Ülikool", 33, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("ES", "es-ES", "cp1252", ["Nombre", "Apellidos", "Correo electrónico", "Organización", "Edad", "Fecha de inscripción", "Teléfono"],
               [("Begoña", "Ibáñez Ruiz", "begona.ibanez@example.es", "Ayuntamiento de Valladolid", 44, d(2026, 5, 2)), ("Íñigo", "Muñoz", "", "CARTIF", 36.5, d(2026, 5, 3))], "%d/%m/%Y"),
        Locale("FI", "fi-FI", "cp1252", ["Etunimi", "Sukunimi", "Sähköposti", "Organisaatio", "Ikä", "Ilmoittautumispäivä", "Puhelin"],
               [("Päivi", "Mäkinen", "paivi.makinen@example.fi", "Tampereen kaupunki", 39, d(2026, 5, 2)), ("Jyrki", "Häkkinen", "", "VTT", 58, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("FR", "fr-FR", "cp1252", ["Prénom", "Nom", "Courriel", "Organisme", "Âge", "Date d'inscription", "Téléphone"],
               [("Émilie", "Lefèvre", "emilie.lefevre@example.fr", "Métropole de Lyon", 34, d(2026, 5, 2)), ("François", "Dubois", "", "ADEME", 61.5, d(2026, 5, 3))], "%d/%m/%Y"),
        Locale("GR", "el-GR", "cp1253", ["Όνομα", "Επώνυμο", "Email", "Φορέας", "Ηλικία", "Ημερομηνία εγγραφής", "Τηλέφωνο"],
               [("Γιώργος", "Παπαδόπουλος", "g.papadopoulos@example.gr", "Δήμος Αθηναίων", 52, d(2026, 5, 2)), ("Μαρία", "Κωνσταντίνου", "", "ΕΜΠ", 28.5, d(2026, 5, 3))], "%d/%m/%Y"),
        Locale("HR", "hr-HR", "cp1250", ["Ime", "Prezime", "E-pošta", "Organizacija", "Starost", "Datum prijave", "Telefon"],
               [("Đurđa", "Horvat", "durda.horvat@example.hr", "Grad Zagreb", 42, d(2026, 5, 2)), ("Ivan", "Kovačević", "", "FER", 26, d(2026, 5, 3))], "%d.%m.%Y."),
        Locale("HU", "hu-HU", "cp1250", ["Vezetéknév", "Keresztnév", "E-mail cím", "Szervezet", "Életkor", "Regisztráció dátuma", "Telefon"],
               [("Gyöngyi", "Kovács", "kovacs.gyongyi@example.hu", "Budapest Főváros", 38, d(2026, 5, 2)), ("Ödön", "Szőke", "", "BME", 61, d(2026, 5, 3))], "%Y. %m. %d.", family_first=True),
        Locale("IE", "en-IE", "cp1252", ["First name", "Surname", "Email", "Organisation", "Age", "Registration date", "Phone"],
               [("Siobhán", "Ó Briain", "siobhan.obriain@example.ie", "Dublin City Council", 40, d(2026, 5, 2)), ("Ciarán", "Walsh", "", "SEAI", 33.5, d(2026, 5, 3))], "%d/%m/%Y", delimiter=","),
        Locale("IT", "it-IT", "cp1252", ["Nome", "Cognome", "Email", "Ente", "Età", "Data di iscrizione", "Telefono"],
               [("Giulia", "Conti", "giulia.conti@example.it", "Comune di Milano", 37, d(2026, 5, 2)), ("Niccolò", "Fà", "", "Politecnico di Torino", 24.5, d(2026, 5, 3))], "%d/%m/%Y"),
        Locale("LT", "lt-LT", "cp1257", ["Vardas", "Pavardė", "El. paštas", "Organizacija", "Amžius", "Registracijos data", "Telefonas"],
               [("Žydrūnas", "Kazlauskas", "zydrunas@example.lt", "Vilniaus miesto savivaldybė", 47, d(2026, 5, 2)), ("Rūta", "Šimkutė", "", "KTU", 33, d(2026, 5, 3))], "%Y-%m-%d"),
        Locale("LU", "fr-LU", "utf-8-sig", ["Prénom", "Nom", "Courriel", "Organisme", "Âge", "Date d'inscription", "Téléphone"],
               [("Chloé", "Schmit", "chloe.schmit@example.lu", "Ville de Luxembourg", 30, d(2026, 5, 2))], "%d/%m/%Y"),
        Locale("LV", "lv-LV", "cp1257", ["Vārds", "Uzvārds", "E-pasts", "Organizācija", "Vecums", "Reģistrācijas datums", "Tālrunis"],
               [("Jānis", "Bērziņš", "janis.berzins@example.lv", "Rīgas dome", 49, d(2026, 5, 2)), ("Līga", "Ozoliņa", "", "RTU", 27, d(2026, 5, 3))], "%d.%m.%Y."),
        Locale("MT", "mt-MT", "utf-8-sig", ["Isem", "Kunjom", "Email", "Organizzazzjoni", "Età", "Data tar-reġistrazzjoni", "Telefon"],
               [("Ġorġ", "Borg", "gorg.borg@example.mt", "Kunsill Lokali tal-Belt Valletta", 55, d(2026, 5, 2)), ("Marija", "Camilleri", "", "Università ta' Malta", 22.5, d(2026, 5, 3))], "%d/%m/%Y", delimiter=","),
        Locale("NL", "nl-NL", "cp1252", ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Organisatie", "Leeftijd", "Inschrijfdatum", "Telefoon"],
               [("Daan", "de", "Vries", "daan.devries@example.nl", "Gemeente Utrecht", 39, d(2026, 5, 2)), ("Sanne", "", "Jansen", "", "TNO", 31, d(2026, 5, 3))], "%d-%m-%Y", middle=True),
        Locale("PL", "pl-PL", "cp1250", ["Imię", "Nazwisko", "Adres e-mail", "Organizacja", "Wiek", "Data rejestracji", "Telefon"],
               [("Łukasz", "Wójcik", "lukasz.wojcik@example.pl", "Urząd Miasta Gdańska", 41.5, d(2026, 5, 2)), ("Zofia", "Żółkowska", "", "Politechnika Gdańska", 35, d(2026, 5, 3))], "%Y-%m-%d"),
        Locale("PT", "pt-PT", "cp1252", ["Nome", "Apelido", "Email", "Organização", "Idade", "Data de inscrição", "Telefone"],
               [("João", "Gonçalves", "joao.goncalves@example.pt", "Câmara Municipal de Lisboa", 46, d(2026, 5, 2)), ("Inês", "Araújo", "", "LNEG", 29, d(2026, 5, 3))], "%d/%m/%Y"),
        Locale("RO", "ro-RO", "cp1250", ["Prenume", "Nume", "E-mail", "Organizaţie", "Vârstă", "Data înregistrării", "Telefon"],
               [("Ştefan", "Popescu", "stefan.popescu@example.ro", "Primăria Municipiului Alba Iulia", 43, d(2026, 5, 2)), ("Ioana", "Munteanu", "", "Universitatea Politehnica Timişoara", 25, d(2026, 5, 3))], "%d.%m.%Y"),
        Locale("SE", "sv-SE", "cp1252", ["Förnamn", "Efternamn", "E-post", "Organisation", "Ålder", "Anmälningsdatum", "Telefon"],
               [("Åsa", "Öberg", "asa.oberg@example.se", "Lunds kommun", 48, d(2026, 5, 2)), ("Björn", "Håkansson", "", "Kraftringen", 55.5, d(2026, 5, 3))], "%Y-%m-%d"),
        Locale("SI", "sl-SI", "cp1250", ["Ime", "Priimek", "E-pošta", "Organizacija", "Starost", "Datum prijave", "Telefon"],
               [("Tomaž", "Kranjc", "tomaz.kranjc@example.si", "Mestna občina Ljubljana", 44, d(2026, 5, 2)), ("Špela", "Zupančič", "", "Institut Jožef Stefan", 30, d(2026, 5, 3))], "%d. %m. %Y"),
        Locale("SK", "sk-SK", "cp1250", ["Meno", "Priezvisko", "E-mail", "Organizácia", "Vek", "Dátum registrácie", "Telefón"],
               [("Ľubica", "Kováčová", "lubica.kovacova@example.sk", "Mesto Bratislava", 39, d(2026, 5, 2)), ("Dušan", "Ďurovič", "", "STU", 62, d(2026, 5, 3))], "%d. %m. %Y"),
    ]  # fmt: skip


def excel_locales() -> list[Export]:
    exports = []
    for loc in _locales():
        decimal = "." if loc.delimiter == "," else ","
        rows, people = [], []
        for index, person in enumerate(loc.people):
            if loc.middle:  # Dutch: "van", "de" between the first name and the surname
                first, middle, last, email, organisation, age, day = person
                names = [first, middle, last]
            else:
                first, last, email, organisation, age, day = person
                names = [last, first] if loc.family_first else [first, last]
            age_text = f"{age:g}".replace(".", decimal)
            phone = f"+3{index} 555 010{index}"
            rows.append([*names, email, organisation, age_text, day.strftime(loc.date), phone])
            people.append(Person(" ".join(n for n in names if n), email or None, organisation))
        exports.append(
            Export(
                f"excel_{loc.country}_{loc.locale}.csv",
                loc.header,
                rows,
                people,
                delimiter=loc.delimiter,
                encoding=loc.encoding,
                notes=f"Excel, {loc.locale}: {loc.encoding}, list separator {loc.delimiter!r}",
            )
        )
    return exports


def excel_workbook() -> Export:
    return Export(
        "excel_DE_de-DE.xlsx",
        ["Vorname", "Nachname", "E-Mail", "Organisation", "Alter", "Anmeldedatum"],
        [["Jürgen", "Weiß", "j.weiss@example.de", "Stadtwerke München", 51, dt.date(2026, 5, 2)],
         ["Anna", "Schäfer", None, "TU München", 27.5, dt.date(2026, 5, 3)]],
        [Person("Jürgen Weiß", "j.weiss@example.de", "Stadtwerke München"),
         Person("Anna Schäfer", None, "TU München")],
    )  # fmt: skip


def all_exports() -> list[Export]:
    """Every file of the corpus."""
    return [
        eventbrite(), pretix(), tito(), luma(), billetto(), tickster(), *google_forms(),
        *microsoft_forms(), eusurvey(), *typeform(), meetup(), outlook(), google_contacts(),
        *excel_locales(), excel_workbook(),
    ]  # fmt: skip


def csv_bytes(export: Export) -> bytes:
    """The bytes of a CSV export, as its tool writes them (CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=export.delimiter, lineterminator="\r\n")
    writer.writerow(export.header)
    writer.writerows(export.rows)
    return buffer.getvalue().encode(export.encoding)


def write_xlsx(export: Export, path: Path) -> None:
    """The workbook of an XLSX export, made with openpyxl."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(export.header)
    for row in export.rows:
        sheet.append(row)
    book.save(path)


def expected() -> dict:
    """What each file must give, for ``expected.json``."""
    return {
        e.file: {
            "people": [vars(p) for p in e.people],
            "needs": e.needs,
            "notes": e.notes,
        }
        for e in all_exports()
    }


def main() -> None:
    for export in all_exports():
        path = HERE / export.file
        if export.file.endswith(".xlsx"):
            write_xlsx(export, path)
        else:
            path.write_bytes(csv_bytes(export))
    text = json.dumps(expected(), ensure_ascii=False, indent=1) + "\n"
    (HERE / "expected.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
