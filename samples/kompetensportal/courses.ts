// Kompetensportal's course catalogue: a static list, as a real portal would load from its own system.
export interface Course {
  id: string;
  name: string;
  summary: string;
  date: string;
}

export const COURSES: readonly Course[] = [
  {
    id: 'brandskydd',
    name: 'Systematiskt brandskyddsarbete',
    summary: 'Grunderna i brandskydd på arbetsplatsen.',
    date: '2026-09-03',
  },
  {
    id: 'gdpr',
    name: 'Dataskydd i vardagen (GDPR)',
    summary: 'Personuppgifter, rättslig grund och incidenter.',
    date: '2026-09-10',
  },
  {
    id: 'hlr',
    name: 'Hjärt- och lungräddning (HLR)',
    summary: 'Praktisk övning med certifierad instruktör.',
    date: '2026-09-17',
  },
  {
    id: 'klarsprak',
    name: 'Klarspråk i myndighetstext',
    summary: 'Skriv så att mottagaren förstår direkt.',
    date: '2026-10-01',
  },
  {
    id: 'upphandling',
    name: 'Offentlig upphandling för beställare',
    summary: 'LOU, direktupphandling och avtalsuppföljning.',
    date: '2026-10-08',
  },
  {
    id: 'tillganglighet',
    name: 'Digital tillgänglighet (WCAG)',
    summary: 'Gör webbtjänster som alla kan använda.',
    date: '2026-10-15',
  },
  {
    id: 'arbetsmiljo',
    name: 'Arbetsmiljö och hot och våld',
    summary: 'Förebygg och hantera hotfulla situationer i mötet med invånare.',
    date: '2026-10-22',
  },
  {
    id: 'excel',
    name: 'Kalkylblad för ekonomiuppföljning',
    summary: 'Budget, utfall och prognos i ett kalkylblad.',
    date: '2026-11-05',
  },
];

export function findCourse(id: string): Course | undefined {
  return COURSES.find((course) => course.id === id);
}

export function searchCourses(query: string): Course[] {
  const needle = query.trim().toLocaleLowerCase('sv');
  return COURSES.filter((course) => course.name.toLocaleLowerCase('sv').includes(needle));
}
